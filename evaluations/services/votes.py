"""Satisfaction votes (满意度测评): open a survey, issue one-time codes, cast ballots by code or as a member.

Every cast is one transaction that marks the voter side (the code used, or a MemberVote row) and writes one
Ballot, so that the ballots of a survey always equal its used codes plus its member votes. The code row is
locked (by the UPDATE that marks it used, or ``select_for_update``) and MemberVote is unique per (survey,
member): of concurrent attempts with one code or by one member exactly one succeeds and the others get a
Chinese refusal that changed nothing. Closing a survey waits for the ballots in flight, refuses the later
ones, and rewrites the ballots in random order so that nothing on disk follows the order of voting.
"""

import random
import uuid
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import Ballot, Campaign, Evaluation, MemberVote, Survey, SurveyStatus, VoteCode
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
        batch_size=CODE_BATCH,
    )


def survey_close(*, survey: Survey, by: User | None) -> Survey:
    """Close a survey: no more ballots, its ballots rewritten in random order; the codes not used stay unused.
    The survey row is locked FOR UPDATE first: ballots in flight (which hold it FOR KEY SHARE or FOR NO KEY
    UPDATE) are written before and so rewritten too, and later ones wait and find the survey closed."""
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk").get()
        Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CLOSED)
        survey.status = SurveyStatus.CLOSED
        _ballots_rewrite_in_random_order(survey)
        audit_record(action=AuditAction.SURVEY_CLOSE, actor=by, object_type="survey", object_id=survey.pk)
        # The satisfaction share gates the stars: the closed survey's ballots count from now on.
        from evaluations.services.compute import campaign_compute_request

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


def _quoted_tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "codes": quote(VoteCode._meta.db_table),
        "surveys": quote(Survey._meta.db_table),
        "ballots": quote(Ballot._meta.db_table),
        "option": quote("option"),
    }


def _prep(model, field_name: str, value: object) -> object:
    return model._meta.get_field(field_name).get_db_prep_value(value, connection)


# The ballot endpoint's two requests each ask the database once on their hot path (issue 3 asks 300 ballots/s
# on two cores, and building the ORM's queries cost more than running them). The statements hold the same
# checks as _code_refusal and survey_refusal, over a code ``c`` and its survey ``s``; when a statement finds
# nothing, the ORM path below runs and says why in Chinese. The clock is Python's, as in the checks.
_CODE_TAKES_A_BALLOT = "NOT c.used AND c.expires_at > %(now)s"
_SURVEY_TAKES_BALLOTS = "s.status = %(open)s AND s.opens_at <= %(now)s AND s.closes_at > %(now)s"


def _usable_code_id(code_hash: str, now: datetime) -> int | None:
    sql = (
        "SELECT c.id FROM {codes} c JOIN {surveys} s ON s.id = c.survey_id "  # noqa: S608 (names from models)
        f"WHERE c.code_hash = %(code_hash)s AND {_CODE_TAKES_A_BALLOT} AND {_SURVEY_TAKES_BALLOTS}"
    ).format(**_quoted_tables())
    params = {
        "code_hash": code_hash,
        "now": _prep(VoteCode, "expires_at", now),
        "open": SurveyStatus.OPEN.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def vote_code_redeem(*, code: str) -> int:
    """Check a code from a QR link (not used, not expired, survey open) without using it; return its id."""
    code_hash, now = vote_code_hash(code), timezone.now()
    vote_code_id = _usable_code_id(code_hash, now)
    if vote_code_id is not None:
        return vote_code_id
    vote_code = VoteCode.objects.select_related("survey").filter(code_hash=code_hash).first()
    refusal = _code_refusal(vote_code, now)
    if refusal is not None:
        raise refusal
    return vote_code.pk


def _option_refusal(survey: Survey, option: str) -> VoteRefused | None:
    if option not in survey.option_codes:
        return _refuse(_("Choose one of the options."), "bad_option")
    return None


def _ballot_for(survey: Survey, option: str, now: datetime) -> Ballot:
    return Ballot.objects.create(
        survey_id=survey.pk, option=option, rater_group=survey.rater_group, cast_on=timezone.localdate(now)
    )


def _survey_locked_for_a_ballot(survey_id: int) -> Survey:
    """The survey row, locked so that survey_close (which locks it FOR UPDATE) waits for this ballot or
    this ballot waits for the close and then sees the survey closed."""
    return Survey.objects.select_for_update(no_key=True).get(pk=survey_id)


def _cast_in_one_statement(lookup: str, key: object, option: str, now: datetime) -> bool:
    """PostgreSQL: check the code and its survey, mark the code used and write the ballot in one statement
    (so one transaction and one round trip). The survey row is share-locked (FOR KEY SHARE, which ballots
    hold among themselves without waiting) against a concurrent close; of concurrent uses of one code, the
    row lock of the UPDATE lets exactly one through. True when the ballot was written."""
    sql = (
        "WITH survey AS ("  # noqa: S608 (names from models)
        " SELECT s.id, s.rater_group FROM {surveys} s"
        f" WHERE s.id = (SELECT survey_id FROM {{codes}} WHERE {lookup} = %(key)s) AND {_SURVEY_TAKES_BALLOTS}"
        " AND s.option_codes @> jsonb_build_array(%(option)s::text)"
        " FOR KEY SHARE"
        "), used AS ("
        " UPDATE {codes} c SET used = true, used_on = %(today)s FROM survey s"
        f" WHERE c.{lookup} = %(key)s AND c.survey_id = s.id AND {_CODE_TAKES_A_BALLOT}"
        " RETURNING s.id AS survey_id, s.rater_group"
        ")"
        " INSERT INTO {ballots} (id, survey_id, {option}, rater_group, cast_on)"
        " SELECT %(ballot_id)s, survey_id, %(option)s, rater_group, %(today)s FROM used"
    ).format(**_quoted_tables())
    today = timezone.localdate(now)
    params = {
        "key": key,
        "now": now,
        "open": SurveyStatus.OPEN.value,
        "option": option,
        "today": today,
        "ballot_id": uuid.uuid4(),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def ballot_cast_with_code(*, option: str, code: str | None = None, vote_code_id: int | None = None) -> None:
    """A resident's ballot with a one-time code (in clear, or the id kept in the session): the code is
    checked and marked used in the same transaction as the ballot is written. Returns nothing that could tie
    the ballot to the code."""
    lookup, key = ("code_hash", vote_code_hash(code)) if code is not None else ("id", vote_code_id)
    now = timezone.now()
    if connection.vendor == "postgresql" and _cast_in_one_statement(lookup, key, option, now):
        return
    # Any other database, or a refusal to explain: lock the survey, then the code (the order of the statement
    # above, so that the two paths and a close cannot wait on each other in a circle), check, write if allowed.
    codes = VoteCode.objects.filter(**{lookup: key})
    with transaction.atomic():
        survey_id = codes.values_list("survey_id", flat=True).first()
        survey = _survey_locked_for_a_ballot(survey_id) if survey_id is not None else None
        vote_code = codes.select_for_update().first()
        if vote_code is not None:
            vote_code.survey = survey
        refusal = _code_refusal(vote_code, now) or _option_refusal(vote_code.survey, option)
        if refusal is not None:
            raise refusal
        VoteCode.objects.filter(pk=vote_code.pk).update(used=True, used_on=timezone.localdate(now))
        _ballot_for(vote_code.survey, option, now)


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
            refusal = survey_refusal(_survey_locked_for_a_ballot(survey.pk), now)  # closed meanwhile?
            if refusal is not None:
                raise refusal
            MemberVote.objects.create(survey=survey, member=member, voted_on=timezone.localdate(now))
            _ballot_for(survey, option, now)
    except IntegrityError as error:  # a concurrent vote by the same member won the unique constraint
        raise already from error


def member_has_voted(*, survey: Survey, member: Member | None) -> bool:
    return member is not None and MemberVote.objects.filter(survey=survey, member=member).exists()
