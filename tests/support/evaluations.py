"""Shared set-up for the evaluation tests: the Yucheng template loaded and a campaign opened on the district."""

from decimal import Decimal

from django.utils import timezone

from evaluations.models import Evaluation, EvaluationResult, Stage
from evaluations.services.campaigns import campaign_create, campaign_open
from evaluations.services.scores.inputs import ScoreInput
from evaluations.services.scores.sheet import scores_save
from scoring.models import IndicatorItem, IndicatorTemplate, ItemLevel
from scoring.services import template_load
from tests.support.scoring import TEMPLATES_DIR


def yucheng_stored() -> IndicatorTemplate:
    return template_load(source_yaml=(TEMPLATES_DIR / "yucheng_4plus1_2018.yaml").read_text(encoding="utf-8"), by=None)


def open_community_campaign(district, template: IndicatorTemplate | None = None):
    """A yearly campaign over the district's communities, opened: three evaluations."""
    campaign = campaign_create(
        name="2026年度社区党组织评星定级",
        template=template or yucheng_stored(),
        scope=district.district,
        year=2026,
        levels=["community"],
        by=district.users["district_admin"],
    )
    return campaign_open(campaign=campaign, by=district.users["district_admin"])


def evaluation_of(campaign, organization) -> Evaluation:
    return Evaluation.objects.get(campaign=campaign, organization=organization)


def full_marks(template: IndicatorTemplate, *, except_dimensions: dict[str, Decimal] | None = None) -> dict[str, str]:
    """Every leaf at its maximum, minus the given points taken from the first leaves of a dimension."""
    leaves = IndicatorItem.objects.filter(template=template, is_leaf=True).exclude(level=ItemLevel.DIMENSION)
    values: dict[str, str] = {}
    missing = dict(except_dimensions or {})
    for leaf in leaves.order_by("order"):
        points = leaf.points_max
        take = min(missing.get(leaf.dimension_code, Decimal(0)), points)
        if take:
            missing[leaf.dimension_code] -= take
        values[leaf.code] = str(points - take)
    return values


def at_stage(evaluation: Evaluation, kind: str) -> Evaluation:
    """Set-up only: put the evaluation at its campaign's stage of this kind, as if the stages before were done."""
    evaluation.stage = evaluation.campaign.stages.get(kind=kind)
    evaluation.stage_entered_at = timezone.now()
    evaluation.save(update_fields=["stage", "stage_entered_at"])
    return evaluation


def save_scores(
    evaluation: Evaluation, values: dict[str, str], *, stage=Stage.SELF_ASSESSMENT, vetoes=None, by=None
) -> None:
    """Save points by item code (and veto hits with their notes) through the service, by nobody in particular
    unless ``by`` is given."""
    scores_save(
        evaluation=evaluation,
        stage=stage,
        values={code: ScoreInput(points) for code, points in values.items()},
        vetoes=vetoes,
        by=by,
    )


def declared_at_review(evaluation: Evaluation, *, by=None) -> Evaluation:
    """Set-up only: self-assessed at full marks but one point of dimension A, five stars declared, now at the
    street's review."""
    save_scores(evaluation, full_marks(evaluation.template, except_dimensions={"A": Decimal(1)}), by=by)
    evaluation.refresh_from_db()
    evaluation.declared_stars = 5
    evaluation.save(update_fields=["declared_stars"])
    return at_stage(evaluation, "review")


def result_rows(campaign, *, fields=("stage", "stars", "total", "grade", "explanation", "inputs_fingerprint")):
    """The campaign's stored results, by evaluation, as plain values."""
    return list(
        EvaluationResult.objects.filter(evaluation__campaign=campaign)
        .order_by("evaluation_id")
        .values("evaluation_id", *fields)
    )
