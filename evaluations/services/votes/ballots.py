"""Casting a ballot (满意度测评): with a one-time code or as a member, once, anonymous, counted in one statement."""

import uuid
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import Ballot, MemberVote, Survey, SurveyStatus, VoteCode
from evaluations.services.votes.codes import code_refusal, vote_code_hash
from evaluations.services.votes.surveys import VoteRefused, survey_refusal, vote_refused
from orgs.models import Member


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
# checks as code_refusal and survey_refusal, over a code ``c`` and its survey ``s``; when a statement finds
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
    refusal = code_refusal(vote_code, now)
    if refusal is not None:
        raise refusal
    return vote_code.pk


def _option_refusal(survey: Survey, option: str) -> VoteRefused | None:
    if option not in survey.option_codes:
        return vote_refused(_("Choose one of the options."), "bad_option")
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
        refusal = code_refusal(vote_code, now) or _option_refusal(vote_code.survey, option)
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
        raise vote_refused(_("Only party members of this organization vote in its survey."), "not_member")
    refusal = survey_refusal(survey, now) or _option_refusal(survey, option)
    if refusal is not None:
        raise refusal
    already = vote_refused(_("You have already voted in this survey: each party member votes once."), "already_voted")
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
