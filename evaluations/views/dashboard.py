"""The home page (/): each role's dashboard. What waits for the user with its deadlines, a member's open surveys, the
progress of each open campaign per street for street and district roles, and orgs' own panels (roles, tree, imports).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from evaluations.selectors.dashboard import campaign_progress_for, opinion_groups_for, waiting_groups_for
from evaluations.selectors.democratic_votes import democratic_votes_to_vote_for_user
from evaluations.selectors.votes import surveys_to_vote_for
from evaluations.selectors.worklist import batches_awaiting_approval, deadline_of, worklist_counts
from orgs.selectors import home_panels
from starrating.db_router import reads_from_replica

SHOWN = 10  # the lines of each kind of work on the home page; the work list has them all


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    counts = worklist_counts(user)
    # The campaigns' progress is the heavy read of the page; what waits for the user is read from the primary, as the
    # user comes back here right after acting on it.
    with reads_from_replica():
        progress = campaign_progress_for(user)
    context = {
        "counts": counts,
        "waiting": waiting_groups_for(user, now) if counts.waiting else [],
        "opinions": opinion_groups_for(user, now) if counts.opinions else [],
        "lists": batches_awaiting_approval(user, SHOWN) if counts.lists else [],
        "surveys": (
            [(survey, deadline_of(survey.closes_at, now)) for survey in surveys_to_vote_for(user)[:SHOWN]]
            if counts.surveys
            else []
        ),
        "democratic_votes": list(democratic_votes_to_vote_for_user(user)[:SHOWN]) if counts.democratic_votes else [],
        "progress": progress,
        "shown": SHOWN,
        **home_panels(user),
    }
    return render(request, "evaluations/dashboard.html", context)
