"""Pages of what waits for the user (我的待办), the user's notifications, and the history of an evaluation."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from evaluations.forms.worklist import NotificationReadForm
from evaluations.models import Notification
from evaluations.permissions import get_notification_for_user
from evaluations.selectors.democratic_votes import democratic_votes_to_vote_for_user
from evaluations.selectors.rectification import cases_waiting_for
from evaluations.selectors.votes import surveys_to_vote_for
from evaluations.selectors.worklist import (
    batches_awaiting_approval,
    deadline_of,
    evaluations_waiting_for,
    forget_worklist_counts,
    objections_unanswered_for,
    opinions_awaited_from,
    worklist_counts,
)
from evaluations.services.notifications import notification_mark_read, notifications_mark_all_read

PAGE_SIZE = 50
SECTION_LIMIT = 100  # the rows shown of the smaller sections; the heading gives the whole count


@login_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    counts = worklist_counts(user)
    page = Paginator(evaluations_waiting_for(user), PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = [(evaluation, deadline_of(evaluation.stage.deadline, now)) for evaluation in page]
    opinions = (
        [(e, deadline_of(e.stage.deadline, now)) for e in opinions_awaited_from(user)[:SECTION_LIMIT]]
        if counts.opinions
        else []
    )
    objections = list(objections_unanswered_for(user)[:SECTION_LIMIT]) if counts.objections else []
    lists = batches_awaiting_approval(user, SECTION_LIMIT) if counts.lists else []
    surveys = (
        [(survey, deadline_of(survey.closes_at, now)) for survey in surveys_to_vote_for(user)[:SECTION_LIMIT]]
        if counts.surveys
        else []
    )
    return render(
        request,
        "evaluations/worklist.html",
        {
            "counts": counts,
            "page": page,
            "waiting": waiting,
            "opinions": opinions,
            "objections": objections,
            "lists": lists,
            "surveys": surveys,
            "democratic_votes": list(democratic_votes_to_vote_for_user(user)[:SECTION_LIMIT])
            if counts.democratic_votes
            else [],
            "rectification": list(cases_waiting_for(user)[:SECTION_LIMIT]) if counts.rectification else [],
            "today": timezone.localdate(now),
            "section_limit": SECTION_LIMIT,
        },
    )


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    notifications = (
        Notification.objects.filter(user=request.user).annotate(unread=unread).order_by("-unread", "-created_at", "-pk")
    )
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "evaluations/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and follow its link; another user's notification is not found."""
    notification = get_notification_for_user(request.user, pk)
    notification_mark_read(notification=notification, by=request.user)
    forget_worklist_counts(request.user)
    form = NotificationReadForm(request.POST)
    follow = form.is_valid() and form.cleaned_data["follow"]
    target = notification.url
    if follow and target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("evaluations:notification_list")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(by=request.user)
    forget_worklist_counts(request.user)
    return redirect("evaluations:notification_list")
