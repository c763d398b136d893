"""A member's sheet in the democratic vote (民主测评): one choice about every other member rated in the branch,
submitted once, anonymous yet countable.

The guarantees of the satisfaction votes (evaluations/services/votes/ballots.py): one statement on PostgreSQL
marks the voter as having voted (a DemocraticVoter row, unique per vote and member) and writes the ballots, which
name the member rated and the option, never the voter. Of concurrent submissions by one member, the unique index
lets one insert its row; the others find it there and write nothing. The vote row is share-locked against a
concurrent close, which then rewrites the ballots in random order.
"""

import uuid
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import DemocraticBallot, DemocraticVote, DemocraticVoter, DemocraticVoteStatus
from evaluations.selectors.democratic_votes import sheet_of, vote_settings
from evaluations.services.votes.surveys import VoteRefused, vote_refused
from orgs.models import Member


def member_may_rate(member: Member | None, vote: DemocraticVote) -> bool:
    """The active members of the branch vote in its democratic vote."""
    return member is not None and member.is_active and member.branch_id == vote.branch_id


def _already_voted() -> VoteRefused:
    return vote_refused(_("You have already submitted this sheet: each party member submits it once."), "already_voted")


def _closed() -> VoteRefused:
    return vote_refused(_("This democratic vote is closed."), "closed")


def _sheet_refusal(vote: DemocraticVote, member: Member, choices: dict[int, str]) -> VoteRefused | None:
    """Why the sheet is not complete or not valid, naming the members concerned; None when it is."""
    rated = sheet_of(vote, member)
    if not rated:
        return vote_refused(_("There is nobody else to rate in this branch."), "empty_sheet")
    names = {evaluation.pk: evaluation.member.name for evaluation in rated}
    unknown = sorted(set(choices) - set(names))
    if unknown:
        return vote_refused(_("The sheet names members who are not rated in this branch."), "bad_member")
    missing = [names[pk] for pk in names if not choices.get(pk)]
    if missing:
        return vote_refused(
            _("Choose one option for every member: still to choose for %(names)s.") % {"names": "、".join(missing)},
            "incomplete",
        )
    settings = vote_settings(vote)
    wrong = [names[pk] for pk, option in choices.items() if option not in vote.option_codes]
    if wrong:
        options = "、".join(settings.label(code) for code in vote.option_codes)
        return vote_refused(
            _("The choice for %(names)s is not one of %(options)s.") % {"names": "、".join(wrong), "options": options},
            "bad_option",
        )
    return None


def _submit_in_one_statement(vote_id: int, member_id: int, choices: dict[int, str], today: date) -> bool:
    """PostgreSQL: the vote still open (share-locked), the voter's row inserted unless there already, and the
    ballots written only if it was: one statement, one round trip. True when the sheet was recorded."""
    quote = connection.ops.quote_name
    tables = {
        "votes": quote(DemocraticVote._meta.db_table),
        "voters": quote(DemocraticVoter._meta.db_table),
        "ballots": quote(DemocraticBallot._meta.db_table),
        "option": quote("option"),
    }
    sql = (  # noqa: S608 (names from models)
        "WITH vote AS (SELECT v.id FROM {votes} v WHERE v.id = %(vote)s AND v.status = %(open)s FOR KEY SHARE),"
        " voter AS (INSERT INTO {voters} (vote_id, member_id, voted_on) SELECT id, %(member)s, %(today)s FROM vote"
        " ON CONFLICT (vote_id, member_id) DO NOTHING RETURNING vote_id)"
        " INSERT INTO {ballots} (id, vote_id, evaluation_id, {option}, cast_on)"
        " SELECT b.id, voter.vote_id, b.evaluation_id, b.choice, %(today)s FROM voter,"
        " unnest(%(ids)s::uuid[], %(evaluations)s::bigint[], %(options)s::text[]) AS b(id, evaluation_id, choice)"
    ).format(**tables)
    evaluations = list(choices)
    params = {
        "vote": vote_id,
        "open": DemocraticVoteStatus.OPEN.value,
        "member": member_id,
        "today": today,
        "ids": [uuid.uuid4() for _ in evaluations],
        "evaluations": evaluations,
        "options": [choices[pk] for pk in evaluations],
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == len(evaluations)


def _submit_with_the_orm(vote: DemocraticVote, member: Member, choices: dict[int, str], today: date) -> None:
    try:
        with transaction.atomic():
            if not DemocraticVote.objects.select_for_update().filter(pk=vote.pk, status=DemocraticVoteStatus.OPEN):
                raise _closed()
            DemocraticVoter.objects.create(vote=vote, member=member, voted_on=today)
            DemocraticBallot.objects.bulk_create(
                DemocraticBallot(vote_id=vote.pk, evaluation_id=pk, option=option, cast_on=today)
                for pk, option in choices.items()
            )
    except IntegrityError as error:  # a concurrent submission by the same member won the unique constraint
        raise _already_voted() from error


def democratic_sheet_submit(*, vote: DemocraticVote, member: Member | None, choices: dict[int, str]) -> None:
    """Record a member's sheet: one choice about every other member rated in the branch, once. Returns nothing
    that could tie the ballots to the voter; a refusal is a Chinese message and changes nothing."""
    if not member_may_rate(member, vote):
        raise vote_refused(_("Only party members of this branch vote in its democratic vote."), "not_member")
    if not vote.is_open:
        raise _closed()
    refusal = _sheet_refusal(vote, member, choices)
    if refusal is not None:
        raise refusal
    today = timezone.localdate()
    if connection.vendor != "postgresql":
        if DemocraticVoter.objects.filter(vote=vote, member=member).exists():
            raise _already_voted()
        _submit_with_the_orm(vote, member, choices, today)
        return
    if _submit_in_one_statement(vote.pk, member.pk, choices, today):
        return
    if DemocraticVoter.objects.filter(vote=vote, member=member).exists():
        raise _already_voted()
    raise _closed()
