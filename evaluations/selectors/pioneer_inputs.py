"""The pioneer index's inputs of a whole campaign, gathered set-based: a fixed number of queries however many
members the campaign rates."""

from dataclasses import dataclass
from decimal import Decimal

from evaluations.models import Campaign, Evaluation, EvaluationStatus, PioneerSheet, PioneerSheetStage
from evaluations.selectors.democratic_votes import vote_tallies
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


def vote_counts(evaluation_ids: list[int]) -> dict[int, tuple[dict[str, int], bool]]:
    """Per member evaluation: the democratic vote's counts per option and whether the branch reached its quorum."""
    return {pk: (dict(tally.counts), tally.quorum_met) for pk, tally in vote_tallies(evaluation_ids).items()}


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
    votes = vote_counts(ids)
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
