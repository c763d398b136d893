"""Pages of satisfaction votes: the resident's code flow, the member's vote, and the street's survey pages.

The resident flow works without JavaScript and without an account: ``/v/<code>/`` checks the code, keeps
only its id in a session (a signed cookie of its own, see below) and redirects to ``/v/``, so the code does
not stay in the address bar, the history or a Referer header; the vote page posts the option; the session
is then forgotten.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.signed_cookies import SessionStore as VoteSessionStore
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.exports.vote_sheet import SheetEntry, SheetText, vote_sheet_pdf
from evaluations.forms.common import error_messages
from evaluations.forms.votes import BallotForm, SurveyOpenForm, VoteCodesForm
from evaluations.models import Survey, VoteCode
from evaluations.permissions import get_evaluation_for_user, get_survey_for_member, get_survey_for_user
from evaluations.selectors.votes import (
    evaluations_open_for_surveys,
    survey_tally,
    surveys_to_vote_for,
    surveys_visible_to,
)
from evaluations.services.votes.ballots import (
    ballot_cast_by_member,
    ballot_cast_with_code,
    member_has_voted,
    vote_code_redeem,
)
from evaluations.services.votes.codes import vote_codes_issue
from evaluations.services.votes.surveys import (
    VoteRefused,
    evaluation_satisfaction_settings,
    survey_close,
    survey_open,
    survey_refusal,
)
from orgs.permissions import Capability, has_capability

SESSION_KEY = "vote_code_id"
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
REFUSAL_STATUS = {"unknown": 404, "used": 410, "expired": 410, "closed": 410, "ended": 410, "not_started": 403}


def _refused(request: HttpRequest, refusal: VoteRefused, status: int | None = None) -> HttpResponse:
    status = status or REFUSAL_STATUS.get(refusal.code, 400)
    return render(request, "evaluations/votes/refused.html", {"message": refusal.messages[0]}, status=status)


def _options(survey: Survey):
    return evaluation_satisfaction_settings(survey.evaluation_id).options


# The resident's flow -------------------------------------------------------------------------------------
#
# The resident's session is a Django session of its own, in a signed cookie limited to /v/: it holds only the
# code's id, the server keeps no row for it (nothing links a code to a time on the server side), and a ballot
# costs one transaction instead of three. Staff and member sessions are untouched.

VOTE_COOKIE = "starrating_vote"
VOTE_COOKIE_PATH = "/v/"


def vote_session(request: HttpRequest) -> VoteSessionStore:
    return VoteSessionStore(request.COOKIES.get(VOTE_COOKIE))


def _forget_vote_session(response: HttpResponse) -> HttpResponse:
    response.delete_cookie(VOTE_COOKIE, path=VOTE_COOKIE_PATH, samesite="Lax")
    return response


@never_cache
@require_GET
def vote_code_enter(request: HttpRequest, code: str) -> HttpResponse:
    """Trade the code of a QR link for a session that holds only the code's id, then leave the code's URL."""
    try:
        vote_code_id = vote_code_redeem(code=code)
    except VoteRefused as refusal:
        return _refused(request, refusal)
    session = VoteSessionStore()
    session[SESSION_KEY] = vote_code_id
    session.save()
    get_token(request)  # the vote form's CSRF cookie, set now so the next page can post at once
    response = redirect("evaluations:vote_ballot")
    response.set_cookie(
        VOTE_COOKIE,
        session.session_key,
        max_age=settings.SESSION_COOKIE_AGE,
        path=VOTE_COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def vote_ballot(request: HttpRequest) -> HttpResponse:
    """The resident's ballot: four big choices, one submit button, no script."""
    vote_code_id = vote_session(request).get(SESSION_KEY)
    if vote_code_id is None:
        return render(
            request,
            "evaluations/votes/refused.html",
            {"message": _("Open the link of your vote code (scan its QR code) to vote.")},
            status=400,
        )
    error = ""
    if request.method == "POST":
        form = BallotForm(request.POST)
        if not form.is_valid():
            error = " ".join(error_messages(form))
        else:
            try:
                ballot_cast_with_code(vote_code_id=vote_code_id, option=form.cleaned_data["option"])
            except VoteRefused as refusal:
                if refusal.code != "bad_option":
                    return _forget_vote_session(_refused(request, refusal))
                error = refusal.messages[0]
            else:
                return _forget_vote_session(redirect("evaluations:vote_thanks"))
    vote_code = VoteCode.objects.select_related("survey__evaluation__organization").filter(pk=vote_code_id).first()
    if vote_code is None:
        return _forget_vote_session(_refused(request, VoteRefused("", code="unknown")))
    if vote_code.used:
        return _forget_vote_session(redirect("evaluations:vote_thanks"))
    survey = vote_code.survey
    return render(
        request,
        "evaluations/votes/ballot.html",
        {"survey": survey, "options": _options(survey), "error": error, "action": reverse("evaluations:vote_ballot")},
        status=400 if error else 200,
    )


@require_GET
def vote_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluations/votes/thanks.html")


# The member's vote ----------------------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def survey_member_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """A logged-in member votes once in a survey of their organization."""
    survey = get_survey_for_member(request.user, pk)
    member = request.user.member
    error = ""
    if request.method == "POST":
        form = BallotForm(request.POST)
        if not form.is_valid():
            error = " ".join(error_messages(form))
        else:
            try:
                ballot_cast_by_member(survey=survey, member=member, option=form.cleaned_data["option"])
            except VoteRefused as refusal:
                error = refusal.messages[0]
            else:
                return redirect("evaluations:vote_thanks")
    context = {
        "survey": survey,
        "options": _options(survey),
        "error": error,
        "action": reverse("evaluations:survey_member_vote", args=[survey.pk]),
        "already_voted": member_has_voted(survey=survey, member=member),
        "closed": survey_refusal(survey, timezone.now()),
    }
    return render(request, "evaluations/votes/ballot.html", context, status=400 if error else 200)


# The street's pages ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Street staff open a satisfaction survey of an evaluation of their street."""
    evaluation = get_evaluation_for_user(request.user, pk, Capability.MANAGE_SURVEYS)
    groups = evaluation_satisfaction_settings(evaluation.pk).rater_groups
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = SurveyOpenForm(
        request.POST or None,
        rater_groups=groups,
        initial={
            "opens_at": now.strftime(DATETIME_LOCAL),
            "closes_at": (now + timedelta(days=14)).strftime(DATETIME_LOCAL),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_open(
                evaluation=evaluation,
                opens_at=form.cleaned_data["opens_at"],
                closes_at=form.cleaned_data["closes_at"],
                rater_group=form.cleaned_data.get("rater_group", ""),
                by=request.user,
            )
        except VoteRefused as refusal:
            form.add_error(None, refusal.messages[0])
        else:
            messages.success(request, _("The satisfaction survey is open."))
            return redirect("evaluations:survey_detail", pk=survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluations/votes/survey_new.html", {"evaluation": evaluation, "form": form}, status=status)


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    """The surveys in the user's scope, and for a member the open surveys they may vote in."""
    user = request.user
    to_vote = surveys_to_vote_for(user)[:50]
    surveys = surveys_visible_to(user).order_by("-opens_at", "-pk")[:200]
    to_open = evaluations_open_for_surveys(user)[:200] if has_capability(user, Capability.MANAGE_SURVEYS) else []
    return render(
        request,
        "evaluations/votes/survey_list.html",
        {"surveys": surveys, "to_vote": to_vote, "to_open": to_open},
    )


@login_required
@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A survey's results (counts, fair-or-above share, score) and, for street staff, its codes and closing."""
    survey = get_survey_for_user(request.user, pk, Capability.VIEW_SURVEY_RESULTS)
    can_manage = has_capability(request.user, Capability.MANAGE_SURVEYS, survey.evaluation.organization)
    tally = survey_tally(survey)
    rows = [
        (count, option, (count.count * 100 / tally.result.total) if tally.result.total else None)
        for count, option in zip(tally.result.counts, tally.settings.options, strict=True)
    ]
    default_expiry = min(timezone.localtime(survey.closes_at).date(), timezone.localdate() + timedelta(days=30))
    return render(
        request,
        "evaluations/votes/survey_detail.html",
        {
            "survey": survey,
            "tally": tally,
            "rows": rows,
            "can_manage": can_manage,
            "codes_form": VoteCodesForm(initial={"count": 50, "expires_on": default_expiry}),
            "is_open": survey_refusal(survey, timezone.now()) is None,
        },
    )


@login_required
@require_POST
def vote_codes_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue N codes and answer with their QR sheet (PDF): the only time the codes exist in clear."""
    survey = get_survey_for_user(request.user, pk, Capability.MANAGE_SURVEYS)
    form = VoteCodesForm(request.POST)
    if not form.is_valid():
        for message in error_messages(form):
            messages.error(request, message)
        return redirect("evaluations:survey_detail", pk=survey.pk)
    expires_at = timezone.make_aware(datetime.combine(form.cleaned_data["expires_on"] + timedelta(days=1), time.min))
    try:
        count = form.cleaned_data["count"]
        codes = vote_codes_issue(survey=survey, count=count, expires_at=expires_at, by=request.user)
    except VoteRefused as refusal:
        messages.error(request, refusal.messages[0])
        return redirect("evaluations:survey_detail", pk=survey.pk)
    entries = [
        SheetEntry(request.build_absolute_uri(reverse("evaluations:vote_code_enter", args=[code]))) for code in codes
    ]
    organization = survey.evaluation.organization
    text = SheetText(
        title=_("Satisfaction vote · %(organization)s") % {"organization": organization.name},
        subtitle=_("Valid until %(date)s · each QR code votes once · cut along the dashed lines")
        % {"date": form.cleaned_data["expires_on"]},
        instruction=_("Scan with a phone to take part in the satisfaction vote"),
        footer=_("%(campaign)s · survey %(survey)s")
        % {"campaign": survey.evaluation.campaign.name, "survey": survey.pk},
    )
    response = HttpResponse(vote_sheet_pdf(entries, text), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="vote-codes-survey-{survey.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def survey_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for_user(request.user, pk, Capability.MANAGE_SURVEYS)
    survey_close(survey=survey, by=request.user)
    messages.success(request, _("The satisfaction survey is closed."))
    return redirect("evaluations:survey_detail", pk=survey.pk)
