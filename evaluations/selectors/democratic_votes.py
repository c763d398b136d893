"""Reads of the democratic vote (民主测评): the tally per member evaluation, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from evaluations.models import (
    DemocraticBallot,
    DemocraticPaperCount,
    DemocraticVote,
    DemocraticVoter,
    DemocraticVoteStatus,
    Evaluation,
    EvaluationStatus,
    SubjectKind,
)
from evaluations.rules.democratic_votes import (
    DemocraticVoteSettings,
    VoteTally,
    democratic_vote_settings,
    quorum_required,
    tally,
)
from orgs.models import Member
from orgs.permissions import Capability, subtree_condition


def vote_tallies(evaluation_ids) -> dict[int, VoteTally]:
    """Per member evaluation: counts per option (online plus paper), ballots counted, voters and eligible voters
    of the branch, the quorum required and whether it is met, and the share of each option. Five queries
    whatever the number of evaluations; an evaluation whose branch has not opened its vote gets an empty tally."""
    rows = list(
        Evaluation.objects.filter(pk__in=list(evaluation_ids), subject_kind=SubjectKind.MEMBER).values_list(
            "pk", "campaign_id", "organization_id", "template__definition__democratic_vote"
        )
    )
    if not rows:
        return {}
    votes = {
        (vote.campaign_id, vote.branch_id): vote
        for vote in DemocraticVote.objects.filter(
            campaign_id__in={row[1] for row in rows}, branch_id__in={row[2] for row in rows}
        )
    }
    vote_ids = [vote.pk for vote in votes.values()]
    voters = dict(
        DemocraticVoter.objects.filter(vote_id__in=vote_ids)
        .values("vote_id")
        .annotate(voters=Count("pk"))
        .values_list("vote_id", "voters")
    )
    ids = [row[0] for row in rows]
    online: dict[int, dict[str, int]] = defaultdict(dict)
    for evaluation_id, option, count in (
        DemocraticBallot.objects.filter(evaluation_id__in=ids)
        .values("evaluation_id", "option")
        .annotate(ballots=Count("pk"))
        .values_list("evaluation_id", "option", "ballots")
    ):
        online[evaluation_id][option] = count
    paper: dict[int, dict[str, int]] = defaultdict(dict)
    for evaluation_id, option, count in DemocraticPaperCount.objects.filter(evaluation_id__in=ids).values_list(
        "evaluation_id", "option", "count"
    ):
        paper[evaluation_id][option] = count
    tallies = {}
    for evaluation_id, campaign_id, branch_id, stored in rows:
        settings = democratic_vote_settings(stored)
        vote = votes.get((campaign_id, branch_id))
        options = settings.options
        if vote is not None:
            options = tuple((code, settings.label(code)) for code in vote.option_codes)
        tallies[evaluation_id] = tally(
            evaluation_id=evaluation_id,
            vote_id=vote.pk if vote else None,
            status=vote.status if vote else "not_opened",
            options=options,
            online_counts=online.get(evaluation_id, {}),
            paper_counts=paper.get(evaluation_id, {}),
            voters_counted=(voters.get(vote.pk, 0) + vote.paper_voters) if vote else 0,
            eligible_voters=vote.eligible_voters if vote else 0,
            quorum=vote.quorum if vote else settings.quorum,
        )
    return tallies


def rated_evaluations(vote: DemocraticVote) -> QuerySet:
    """The member evaluations of the vote's branch in its campaign (withdrawn ones aside), by the member's name."""
    return (
        Evaluation.objects.filter(
            campaign_id=vote.campaign_id, organization_id=vote.branch_id, subject_kind=SubjectKind.MEMBER
        )
        .exclude(status=EvaluationStatus.WITHDRAWN)
        .select_related("member")
        .order_by("member__name", "pk")
    )


def sheet_of(vote: DemocraticVote, member: Member | None) -> list[Evaluation]:
    """The members a voter rates on the sheet: every member rated in the branch but the voter."""
    evaluations = rated_evaluations(vote)
    if member is not None:
        evaluations = evaluations.exclude(member_id=member.pk)
    return list(evaluations)


def online_voters(vote: DemocraticVote) -> int:
    return DemocraticVoter.objects.filter(vote=vote).count()


def member_has_voted(vote: DemocraticVote, member: Member | None) -> bool:
    return member is not None and DemocraticVoter.objects.filter(vote=vote, member=member).exists()


def democratic_votes_to_vote_for(member: Member | None) -> QuerySet:
    """The open votes of the member's branch that the member has not voted in yet, for the work list."""
    if member is None or not member.is_active:
        return DemocraticVote.objects.none()
    return (
        DemocraticVote.objects.filter(branch_id=member.branch_id, status=DemocraticVoteStatus.OPEN)
        .exclude(voters__member=member)
        .select_related("campaign", "branch")
        .order_by("-opened_at")
    )


def democratic_vote_of(evaluation: Evaluation) -> DemocraticVote | None:
    """The vote of the evaluation's branch in its campaign, if opened."""
    votes = DemocraticVote.objects.filter(campaign_id=evaluation.campaign_id, branch_id=evaluation.organization_id)
    return votes.first()


@dataclass(frozen=True)
class VoteProgress:
    """What the pages show: 已投 N / 应投 M, 法定人数 K."""

    online: int
    paper: int
    eligible: int
    required: int

    @property
    def voted(self) -> int:
        return self.online + self.paper

    @property
    def quorum_met(self) -> bool:
        return self.eligible > 0 and self.voted >= self.required


def vote_progress(vote: DemocraticVote) -> VoteProgress:
    return VoteProgress(
        online=online_voters(vote),
        paper=vote.paper_voters,
        eligible=vote.eligible_voters,
        required=quorum_required(vote.eligible_voters, vote.quorum),
    )


def vote_settings(vote: DemocraticVote) -> DemocraticVoteSettings:
    """The vote's options (as copied when it opened) with the template's labels."""
    settings = democratic_vote_settings((vote.campaign.template.definition or {}).get("democratic_vote"))
    return DemocraticVoteSettings(tuple((code, settings.label(code)) for code in vote.option_codes), vote.quorum)


def democratic_votes_visible_to(user) -> QuerySet:
    """The votes of the branches in the user's scope (VIEW_EVALUATIONS), newest first."""
    condition = subtree_condition(user, Capability.VIEW_EVALUATIONS, "branch__path")
    votes = DemocraticVote.objects.all() if condition is None else DemocraticVote.objects.filter(condition)
    return votes.select_related("campaign", "branch").order_by("-opened_at", "-pk")


def democratic_votes_to_vote_for_user(user) -> QuerySet:
    """The same for a logged-in user, in one query and none for a user who is not a member (the home page)."""
    member_id = getattr(user, "member_id", None)
    if member_id is None:
        return DemocraticVote.objects.none()
    return (
        DemocraticVote.objects.filter(
            status=DemocraticVoteStatus.OPEN, branch__members__pk=member_id, branch__members__is_active=True
        )
        .exclude(voters__member_id=member_id)
        .select_related("campaign", "branch")
        .order_by("-opened_at")
    )


def democratic_vote_closed(evaluation: Evaluation) -> bool:
    """Whether the vote of the member's branch in the campaign has closed (which it does only at its quorum)."""
    return DemocraticVote.objects.filter(
        campaign_id=evaluation.campaign_id, branch_id=evaluation.organization_id, status=DemocraticVoteStatus.CLOSED
    ).exists()
