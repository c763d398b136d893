"""Satisfaction votes (满意度测评): open a survey, issue one-time codes, cast ballots by code or as a member.

Every cast is one transaction that marks the voter side (the code used, or a MemberVote row) and writes one
Ballot, so that the ballots of a survey always equal its used codes plus its member votes. The code row is
locked (by the UPDATE that marks it used, or ``select_for_update``) and MemberVote is unique per (survey,
member): of concurrent attempts with one code or by one member exactly one succeeds and the others get a
Chinese refusal that changed nothing. Closing a survey waits for the ballots in flight, refuses the later
ones, and rewrites the ballots in random order so that nothing on disk follows the order of voting.
"""

import random
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Ballot, Campaign, Evaluation, Survey, SurveyStatus
from evaluations.services.compute.request import campaign_compute_request
from orgs.models import User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record
from scoring.definitions import RaterGroup, Satisfaction, SatisfactionOption

# Used when an evaluation's template has no satisfaction settings: the Yucheng options and points
# (满意 100, 较满意 80, 一般 60, 不满意 0; "fair or above" is the first three), no rater groups.
DEFAULT_OPTIONS = (
    ("satisfied", gettext_lazy("Satisfied"), Decimal(100), True),
    ("fairly_satisfied", gettext_lazy("Fairly satisfied"), Decimal(80), True),
    ("fair", gettext_lazy("Fair"), Decimal(60), True),
    ("unsatisfied", gettext_lazy("Unsatisfied"), Decimal(0), False),
)


BALLOT_BATCH = 1000


class VoteRefused(ValidationError):
    """A vote or an action on a survey that is refused; the message is for the user, ``code`` says why."""


def default_satisfaction() -> Satisfaction:
    return Satisfaction(
        options=tuple(
            SatisfactionOption(code, str(label), points, fair) for code, label, points, fair in DEFAULT_OPTIONS
        )
    )


def satisfaction_from_definition(stored: dict | None) -> Satisfaction:
    """The satisfaction settings of a stored (already validated) template definition, or the defaults."""
    if not stored or not stored.get("options"):
        return default_satisfaction()
    options = tuple(
        SatisfactionOption(o["code"], o["label"], Decimal(str(o["points"])), bool(o["fair_or_above"]))
        for o in stored["options"]
    )
    groups = tuple(RaterGroup(g["code"], g["name"], Decimal(str(g["weight"]))) for g in stored.get("rater_groups", ()))
    gate = stored.get("gate") or {}
    gate_share = Decimal(str(gate["share"])) if "share" in gate else None
    return Satisfaction(options, groups, gate_share, gate.get("stars"))


def evaluation_satisfaction_settings(evaluation_id: int) -> Satisfaction:
    """One query: the satisfaction section of the evaluation's template version."""
    stored = (
        Evaluation.objects.filter(pk=evaluation_id).values_list("template__definition__satisfaction", flat=True).first()
    )
    return satisfaction_from_definition(stored)


def vote_refused(message: str, code: str) -> VoteRefused:
    return VoteRefused(message, code=code)


def survey_refusal(survey: Survey, now: datetime) -> VoteRefused | None:
    """Why a survey does not take votes now, or None when it does."""
    if survey.status != SurveyStatus.OPEN:
        return vote_refused(_("This satisfaction survey is closed."), "closed")
    if now < survey.opens_at:
        return vote_refused(_("This satisfaction survey has not started yet."), "not_started")
    if now >= survey.closes_at:
        return vote_refused(_("This satisfaction survey has ended."), "ended")
    return None


def survey_open(
    *, evaluation: Evaluation, opens_at: datetime, closes_at: datetime, by: User, rater_group: str = ""
) -> Survey:
    """Open a satisfaction survey of an evaluation, optionally for one of its template's rater groups (Yantian)."""
    check_actor(
        by, Capability.MANAGE_SURVEYS, evaluation.organization, object_type="evaluation", object_id=evaluation.pk
    )
    if closes_at <= opens_at:
        raise vote_refused(_("The survey must close after it opens."), "bad_window")
    if closes_at <= timezone.now():
        raise vote_refused(_("The closing time is already past."), "bad_window")
    settings = evaluation_satisfaction_settings(evaluation.pk)
    groups = {group.code for group in settings.rater_groups}
    if groups and not rater_group:
        raise vote_refused(_("Choose the rater group this survey is for."), "bad_group")
    if rater_group and rater_group not in groups:
        raise vote_refused(_("The template of this evaluation has no rater group “%s”.") % rater_group, "bad_group")
    with transaction.atomic():
        survey = Survey.objects.create(
            evaluation=evaluation,
            rater_group=rater_group,
            opens_at=opens_at,
            closes_at=closes_at,
            option_codes=[option.code for option in settings.options],
            created_by=by,
        )
        audit_record(
            action=EvaluationAuditAction.SURVEY_OPEN,
            actor=by,
            object_type="survey",
            object_id=survey.pk,
            detail={"evaluation": evaluation.pk, "rater_group": rater_group, "closes_at": closes_at.isoformat()},
        )
    return survey


def _ballots_rewrite_in_random_order(survey: Survey) -> None:
    """Write a survey's ballots again, shuffled and with new ids, so that neither the rows' order on disk nor
    the transaction that wrote them (PostgreSQL's ``xmin``, shared with the used code or the MemberVote)
    follows the order of voting any more. The counts per option and rater group do not change."""
    ballots = Ballot.objects.filter(survey_id=survey.pk)
    rows = list(ballots.values_list("option", "rater_group", "cast_on"))
    random.SystemRandom().shuffle(rows)
    ballots.delete()
    Ballot.objects.bulk_create(
        [
            Ballot(survey_id=survey.pk, option=option, rater_group=rater_group, cast_on=cast_on)
            for option, rater_group, cast_on in rows
        ],
        batch_size=BALLOT_BATCH,
    )


def check_survey_manager(by: User | None, survey: Survey) -> None:
    """Street staff open, close and issue the codes of the surveys of their street (refused: 403, audited)."""
    if by is not None:  # else the beat job, closing a survey past its time: nothing to load
        organization = survey.evaluation.organization
        check_actor(by, Capability.MANAGE_SURVEYS, organization, object_type="survey", object_id=survey.pk)


def survey_close(*, survey: Survey, by: User | None) -> Survey:
    """Close a survey: no more ballots, its ballots rewritten in random order; the codes not used stay unused.
    The survey row is locked FOR UPDATE first: ballots in flight (which hold it FOR KEY SHARE or FOR NO KEY
    UPDATE) are written before and so rewritten too, and later ones wait and find the survey closed.
    ``by`` None is the beat job closing a survey past its time."""
    check_survey_manager(by, survey)
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk").get()
        Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CLOSED)
        survey.status = SurveyStatus.CLOSED
        _ballots_rewrite_in_random_order(survey)
        audit_record(action=EvaluationAuditAction.SURVEY_CLOSE, actor=by, object_type="survey", object_id=survey.pk)
        # The satisfaction share gates the stars: the closed survey's ballots count from now on.
        campaign_compute_request(campaign=Campaign.objects.get(evaluations__surveys=survey))
    return survey


def surveys_close_due(*, now: datetime | None = None) -> int:
    """Close every open survey whose closing time has passed, as if the street had closed it (beat job): its
    ballots rewritten in random order and the stars recomputed. A survey closed meanwhile is left alone."""
    now = now or timezone.now()
    closed = 0
    for survey_id in Survey.objects.filter(status=SurveyStatus.OPEN, closes_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            survey = Survey.objects.select_for_update().filter(pk=survey_id, status=SurveyStatus.OPEN).first()
            if survey is not None:
                survey_close(survey=survey, by=None)
                closed += 1
    return closed
