"""Pages of the democratic vote (民主测评): the member's sheet (phone-sized), the branch's vote with its quorum
and results, opening and closing it, and the paper results of a branch meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.forms.common import error_messages
from evaluations.forms.democratic_votes import DemocraticPaperForm, DemocraticSheetForm, count_field_name
from evaluations.permissions import (
    get_democratic_vote_for_member,
    get_democratic_vote_for_user,
    get_evaluation_for_user,
)
from evaluations.selectors.democratic_votes import (
    democratic_vote_of,
    democratic_votes_to_vote_for,
    democratic_votes_visible_to,
    member_has_voted,
    rated_evaluations,
    sheet_of,
    vote_progress,
    vote_settings,
    vote_tallies,
)
from evaluations.services.democratic_votes.sheets import democratic_sheet_submit
from evaluations.services.democratic_votes.votes import (
    democratic_paper_results_enter,
    democratic_vote_close,
    democratic_vote_open,
)
from evaluations.services.votes.surveys import VoteRefused
from orgs.models import Member
from orgs.permissions import Capability, has_capability


def _errors_of(form, service) -> list[str]:
    """The form's messages, or the service's refusal once the form is valid; none when the service succeeded."""
    if not form.is_valid():
        return error_messages(form)
    try:
        service()
    except ValidationError as refusal:
        return refusal.messages
    return []


@login_required
@require_GET
def democratic_vote_list(request: HttpRequest) -> HttpResponse:
    """The votes a member is to take part in, and the branches' votes in the user's scope."""
    member = getattr(request.user, "member", None)
    context = {
        "to_vote": democratic_votes_to_vote_for(member)[:50],
        "votes": democratic_votes_visible_to(request.user)[:200],
    }
    return render(request, "evaluations/democratic_votes/list.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def democratic_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's sheet: one choice about every other member of the branch, submitted once."""
    vote = get_democratic_vote_for_member(request.user, pk)
    member = request.user.member
    rated = sheet_of(vote, member)
    form = DemocraticSheetForm(
        request.POST if request.method == "POST" else None, rated=rated, options=vote_settings(vote).options
    )
    errors: list[str] = []
    if request.method == "POST":
        errors = _errors_of(form, lambda: democratic_sheet_submit(vote=vote, member=member, choices=form.choices()))
        if not errors:
            messages.success(request, _("Your sheet is submitted. Thank you for taking part."))
            return redirect("evaluations:democratic_sheet", pk=vote.pk)
    context = {
        "vote": vote,
        "form": form,
        "errors": errors,
        "already_voted": member_has_voted(vote, member),
        "progress": vote_progress(vote),
    }
    return render(request, "evaluations/democratic_votes/sheet.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def democratic_vote_start(request: HttpRequest, pk: int) -> HttpResponse:
    """From a member's evaluation: the vote of their branch, or the page that opens it (the branch secretary)."""
    capability = Capability.RUN_DEMOCRATIC_VOTE if request.method == "POST" else Capability.VIEW_EVALUATIONS
    evaluation = get_evaluation_for_user(request.user, pk, capability)
    vote = democratic_vote_of(evaluation)
    if vote is not None:
        return redirect("evaluations:democratic_vote_detail", pk=vote.pk)
    error = ""
    if request.method == "POST":
        try:
            vote = democratic_vote_open(campaign=evaluation.campaign, branch=evaluation.organization, by=request.user)
        except VoteRefused as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, _("The democratic vote is open: the branch's members can vote now."))
            return redirect("evaluations:democratic_vote_detail", pk=vote.pk)
    branch = evaluation.organization
    context = {
        "evaluation": evaluation,
        "branch": branch,
        "members": Member.objects.filter(branch=branch, is_active=True).count(),
        "can_run": has_capability(request.user, Capability.RUN_DEMOCRATIC_VOTE, branch),
        "error": error,
    }
    return render(request, "evaluations/democratic_votes/start.html", context, status=400 if error else 200)


@login_required
@require_GET
def democratic_vote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The branch's vote: 已投 N / 应投 M, 法定人数 K, and each member's counts and shares."""
    vote = get_democratic_vote_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    rated = list(rated_evaluations(vote))
    tallies = vote_tallies([evaluation.pk for evaluation in rated])
    context = {
        "vote": vote,
        "rows": [(evaluation, tallies[evaluation.pk]) for evaluation in rated],
        "options": vote_settings(vote).options,
        "progress": vote_progress(vote),
        "can_run": has_capability(request.user, Capability.RUN_DEMOCRATIC_VOTE, vote.branch),
    }
    return render(request, "evaluations/democratic_votes/detail.html", context)


@login_required
@require_POST
def democratic_vote_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    vote = get_democratic_vote_for_user(request.user, pk, Capability.RUN_DEMOCRATIC_VOTE)
    try:
        democratic_vote_close(vote=vote, by=request.user)
    except VoteRefused as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("The democratic vote is closed."))
    return redirect("evaluations:democratic_vote_detail", pk=vote.pk)


def _paper_initial(vote, rated) -> dict:
    tallies = vote_tallies([evaluation.pk for evaluation in rated])
    initial = {"paper_voters": vote.paper_voters}
    for evaluation in rated:
        for code, count in tallies[evaluation.pk].paper_counts.items():
            initial[count_field_name(evaluation, code)] = count or None
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def democratic_paper_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The branch secretary enters the paper results of a branch meeting: all or nothing, audited."""
    vote = get_democratic_vote_for_user(request.user, pk, Capability.RUN_DEMOCRATIC_VOTE)
    rated = list(rated_evaluations(vote))
    options = vote_settings(vote).options
    form = DemocraticPaperForm(
        request.POST if request.method == "POST" else None,
        rated=rated,
        options=options,
        initial=_paper_initial(vote, rated),
    )
    errors: list[str] = []
    if request.method == "POST":
        errors = _errors_of(
            form,
            lambda: democratic_paper_results_enter(
                vote=vote, paper_voters=form.cleaned_data["paper_voters"], counts=form.counts(), by=request.user
            ),
        )
        if not errors:
            messages.success(request, _("The paper results are saved."))
            return redirect("evaluations:democratic_vote_detail", pk=vote.pk)
    context = {"vote": vote, "form": form, "options": options, "errors": errors, "progress": vote_progress(vote)}
    return render(request, "evaluations/democratic_votes/paper.html", context, status=400 if errors else 200)
