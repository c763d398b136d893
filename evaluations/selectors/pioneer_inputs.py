"""The pioneer index's inputs of a whole campaign, gathered set-based: a fixed number of queries however many
members the campaign rates."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from evaluations.models import (
    Campaign,
    DemocraticBallot,
    DemocraticPaperCount,
    DemocraticVote,
    DemocraticVoter,
    Evaluation,
    EvaluationStatus,
    PioneerSheet,
    PioneerSheetStage,
)
from evaluations.rules.democratic_votes import quorum_required
from orgs.models import Organization
from scoring.definitions import Template
from scoring.engine.pioneer import PioneerInputs
from scoring.models import IndicatorTemplate


@dataclass(frozen=True)
class CampaignPioneerInputs:
    templates: dict[int, Template]  # by stored template id
    template_of: dict[int, int]  # evaluation id → template id
    branch_of: dict[int, int]  # evaluation id → branch id
    inputs: dict[int, PioneerInputs]  # evaluation id → inputs
    quorum_met: dict[int, bool]  # evaluation id → the branch's vote reached its quorum


def _decimals(values: dict | None) -> dict[str, Decimal]:
    return {code: Decimal(str(value)) for code, value in (values or {}).items() if value not in (None, "")}


def vote_counts(campaign: Campaign, branch: Organization | None = None) -> dict[int, tuple[dict[str, int], bool]]:
    """Per member evaluation: the democratic vote's counts per option (online and paper together) and whether the
    branch reached its quorum. Four queries joined on the campaign, never a list of ids, however many members."""
    votes = DemocraticVote.objects.filter(campaign=campaign)
    if branch is not None:
        votes = votes.filter(branch=branch)
    quorum_met: dict[int, bool] = {}
    voters = dict(
        DemocraticVoter.objects.filter(vote__in=votes)
        .values("vote_id")
        .annotate(voters=Count("pk"))
        .values_list("vote_id", "voters")
    )
    for pk, quorum, eligible, paper in votes.values_list("pk", "quorum", "eligible_voters", "paper_voters"):
        counted = voters.get(pk, 0) + paper
        quorum_met[pk] = eligible > 0 and counted >= quorum_required(eligible, quorum)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    vote_of: dict[int, int] = {}
    online = (
        DemocraticBallot.objects.filter(vote__in=votes)
        .values("evaluation_id", "vote_id", "option")
        .annotate(ballots=Count("pk"))
        .values_list("evaluation_id", "vote_id", "option", "ballots")
    )
    paper = DemocraticPaperCount.objects.filter(vote__in=votes).values_list(
        "evaluation_id", "vote_id", "option", "count"
    )
    for rows in (online, paper):
        for evaluation_id, vote_id, option, count in rows:
            counts[evaluation_id][option] = counts[evaluation_id].get(option, 0) + count
            vote_of[evaluation_id] = vote_id
    return {pk: (counted, quorum_met.get(vote_of[pk], False)) for pk, counted in counts.items()}


def campaign_pioneer_inputs(campaign: Campaign, branch: Organization | None = None) -> CampaignPioneerInputs:
    """The submitted branch reviews and the vote counts of every member rated in the campaign (or one branch)."""
    evaluations = Evaluation.objects.filter(campaign=campaign).exclude(status=EvaluationStatus.WITHDRAWN)
    if branch is not None:
        evaluations = evaluations.filter(organization=branch)
    rows = list(evaluations.values_list("pk", "organization_id", "template_id"))
    template_ids = {template_id for _pk, _branch, template_id in rows}
    templates = {row.pk: row.as_definition() for row in IndicatorTemplate.objects.filter(pk__in=template_ids)}
    reviews = {
        evaluation_id: (points, deductions)
        for evaluation_id, points, deductions in PioneerSheet.objects.filter(
            evaluation__in=evaluations, stage=PioneerSheetStage.BRANCH_REVIEW, submitted_at__isnull=False
        ).values_list("evaluation_id", "points", "deductions")
    }
    ids = [pk for pk, _branch, _template in rows]
    votes = vote_counts(campaign, branch)
    inputs = {}
    for pk in ids:
        review = reviews.get(pk)
        counts, met = votes.get(pk, ({}, False))
        inputs[pk] = PioneerInputs(
            review_points=_decimals(review[0]) if review else None,
            deductions=_decimals(review[1]) if review else {},
            vote_counts=counts if met else None,
        )
    return CampaignPioneerInputs(
        templates=templates,
        template_of={pk: template_id for pk, _branch, template_id in rows},
        branch_of={pk: branch for pk, branch, _template in rows},
        inputs=inputs,
        quorum_met={pk: votes.get(pk, ({}, False))[1] for pk in ids},
    )
