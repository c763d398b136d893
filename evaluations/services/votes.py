"""Satisfaction votes (满意度测评): open a survey, issue one-time codes, cast ballots by code or as a member.

Every cast is one transaction that marks the voter side (the code used, or a MemberVote row) and writes one
Ballot, so that the ballots of a survey always equal its used codes plus its member votes. The code row is
locked (``select_for_update``) and MemberVote is unique per (survey, member): of concurrent attempts with one
code or by one member exactly one succeeds and the others get a Chinese refusal that changed nothing.
"""

import uuid
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import Ballot, Evaluation, MemberVote, Survey, SurveyStatus, VoteCode
from evaluations.vote_sheet import vote_code_hash, vote_code_new
from orgs.models import AuditAction, Member, User
from orgs.services.audit import audit_record
from scoring.definitions import RaterGroup, Satisfaction, SatisfactionOption

MAX_CODES_PER_ISSUE = 1000
CODE_BATCH = 1000

# Used when an evaluation's template has no satisfaction settings: the Yucheng options and points
# (满意 100, 较满意 80, 一般 60, 不满意 0; "fair or above" is the first three), no rater groups.
DEFAULT_OPTIONS = (
    ("satisfied", gettext_lazy("Satisfied"), Decimal(100), True),
    ("fairly_satisfied", gettext_lazy("Fairly satisfied"), Decimal(80), True),
    ("fair", gettext_lazy("Fair"), Decimal(60), True),
    ("unsatisfied", gettext_lazy("Unsatisfied"), Decimal(0), False),
)


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


def _refuse(message: str, code: str) -> VoteRefused:
    return VoteRefused(message, code=code)


def survey_refusal(survey: Survey, now: datetime) -> VoteRefused | None:
    """Why a survey does not take votes now, or None when it does."""
    if survey.status != SurveyStatus.OPEN:
        return _refuse(_("This satisfaction survey is closed."), "closed")
    if now < survey.opens_at:
        return _refuse(_("This satisfaction survey has not started yet."), "not_started")
    if now >= survey.closes_at:
        return _refuse(_("This satisfaction survey has ended."), "ended")
    return None


def survey_open(
    *, evaluation: Evaluation, opens_at: datetime, closes_at: datetime, by: User, rater_group: str = ""
) -> Survey:
    """Open a satisfaction survey of an evaluation, optionally for one of its template's rater groups (Yantian)."""
    if closes_at <= opens_at:
        raise _refuse(_("The survey must close after it opens."), "bad_window")
    if closes_at <= timezone.now():
        raise _refuse(_("The closing time is already past."), "bad_window")
    settings = evaluation_satisfaction_settings(evaluation.pk)
    groups = {group.code for group in settings.rater_groups}
    if groups and not rater_group:
        raise _refuse(_("Choose the rater group this survey is for."), "bad_group")
    if rater_group and rater_group not in groups:
        raise _refuse(_("The template of this evaluation has no rater group “%s”.") % rater_group, "bad_group")
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
            action=AuditAction.SURVEY_OPEN,
            actor=by,
            object_type="survey",
            object_id=survey.pk,
            detail={"evaluation": evaluation.pk, "rater_group": rater_group, "closes_at": closes_at.isoformat()},
        )
    return survey


def survey_close(*, survey: Survey, by: User) -> Survey:
    """Close a survey: no more ballots; the codes not used stay unused."""
    with transaction.atomic():
        Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CLOSED)
        survey.status = SurveyStatus.CLOSED
        audit_record(action=AuditAction.SURVEY_CLOSE, actor=by, object_type="survey", object_id=survey.pk)
    return survey


def vote_codes_issue(*, survey: Survey, count: int, expires_at: datetime, by: User) -> list[str]:
    """Create ``count`` one-time codes and return them in clear, this once: only their hashes are kept."""
    now = timezone.now()
    refusal = survey_refusal(survey, now)
    if refusal is not None and refusal.code != "not_started":
        raise refusal
    if not 1 <= count <= MAX_CODES_PER_ISSUE:
        raise _refuse(_("Issue from 1 to %(max)d codes at a time.") % {"max": MAX_CODES_PER_ISSUE}, "bad_count")
    if expires_at <= now:
        raise _refuse(_("The codes must expire in the future."), "bad_expiry")
    codes = [vote_code_new() for _ in range(count)]
    with transaction.atomic():
        VoteCode.objects.bulk_create(
            [
                VoteCode(survey=survey, code_hash=vote_code_hash(code), expires_at=expires_at, created_by=by)
                for code in codes
            ],
            batch_size=CODE_BATCH,
        )
        audit_record(
            action=AuditAction.VOTE_CODES_ISSUE,
            actor=by,
            object_type="survey",
            object_id=survey.pk,
            detail={"vote_codes_issued": count, "expires_at": expires_at.isoformat()},
        )
    return codes


def _code_refusal(vote_code: VoteCode | None, now: datetime) -> VoteRefused | None:
    if vote_code is None:
        return _refuse(_("This vote code is not valid. Check that the link was copied whole."), "unknown")
    if vote_code.used:
        return _refuse(_("This vote code has already been used: each code votes once."), "used")
    if vote_code.expires_at <= now:
        return _refuse(_("This vote code has expired."), "expired")
    return survey_refusal(vote_code.survey, now)


def vote_code_redeem(*, code: str) -> VoteCode:
    """Check a code from a QR link (not used, not expired, survey open) without using it."""
    vote_code = VoteCode.objects.select_related("survey").filter(code_hash=vote_code_hash(code)).first()
    refusal = _code_refusal(vote_code, timezone.now())
    if refusal is not None:
        raise refusal
    return vote_code


def _option_refusal(survey: Survey, option: str) -> VoteRefused | None:
    if option not in survey.option_codes:
        return _refuse(_("Choose one of the options."), "bad_option")
    return None


def _ballot_for(survey: Survey, option: str, now: datetime) -> Ballot:
    return Ballot.objects.create(
        survey_id=survey.pk, option=option, rater_group=survey.rater_group, cast_on=timezone.localdate(now)
    )


def _prep(model, field_name: str, value: object) -> object:
    return model._meta.get_field(field_name).get_db_prep_value(value, connection)


def _use_code_and_write_ballot(vote_code: VoteCode, option: str, now: datetime) -> None:
    """The two writes of a resident's ballot as two plain statements: this is the hot path of the ballot
    endpoint (issue 3 asks 300 ballots/s), and the ORM's query building cost more than the database did."""
    today = timezone.localdate(now)
    quote = connection.ops.quote_name
    code_table, ballot_table = quote(VoteCode._meta.db_table), quote(Ballot._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {code_table} SET used = %s, used_on = %s WHERE id = %s",  # noqa: S608 (table names from models)
            [True, _prep(VoteCode, "used_on", today), vote_code.pk],
        )
        cursor.execute(
            f"INSERT INTO {ballot_table} (id, survey_id, {quote('option')}, rater_group, cast_on) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s)",
            [
                _prep(Ballot, "id", uuid.uuid4()),
                vote_code.survey_id,
                option,
                vote_code.survey.rater_group,
                _prep(Ballot, "cast_on", today),
            ],
        )


def ballot_cast_with_code(*, option: str, code: str | None = None, vote_code_id: int | None = None) -> None:
    """A resident's ballot with a one-time code (in clear, or the id kept in the session): the code row is
    locked, checked and marked used in the same transaction as the ballot is written. Returns nothing that
    could tie the ballot to the code."""
    lookup = {"code_hash": vote_code_hash(code)} if code is not None else {"pk": vote_code_id}
    with transaction.atomic():
        locked = VoteCode.objects.select_for_update(of=("self",)).select_related("survey").filter(**lookup)[:1]
        vote_code = next(iter(locked), None)
        now = timezone.now()
        refusal = _code_refusal(vote_code, now)
        if refusal is None:
            refusal = _option_refusal(vote_code.survey, option)
        if refusal is not None:
            raise refusal
        _use_code_and_write_ballot(vote_code, option, now)


def member_may_vote(member: Member | None, survey: Survey) -> bool:
    """Members of the evaluated organization's subtree vote in its surveys."""
    if member is None or not member.is_active:
        return False
    return member.branch.path.startswith(survey.evaluation.organization.path)


def ballot_cast_by_member(*, survey: Survey, member: Member, option: str) -> None:
    """A member's ballot: the MemberVote row (unique per survey and member) and the ballot in one transaction."""
    now = timezone.now()
    if not member_may_vote(member, survey):
        raise _refuse(_("Only party members of this organization vote in its survey."), "not_member")
    refusal = survey_refusal(survey, now) or _option_refusal(survey, option)
    if refusal is not None:
        raise refusal
    already = _refuse(_("You have already voted in this survey: each party member votes once."), "already_voted")
    if MemberVote.objects.filter(survey=survey, member=member).exists():
        raise already
    try:
        with transaction.atomic():
            MemberVote.objects.create(survey=survey, member=member, voted_on=timezone.localdate(now))
            _ballot_for(survey, option, now)
    except IntegrityError as error:  # a concurrent vote by the same member won the unique constraint
        raise already from error


def member_has_voted(*, survey: Survey, member: Member | None) -> bool:
    return member is not None and MemberVote.objects.filter(survey=survey, member=member).exists()
