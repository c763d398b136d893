"""The ledger's rows: each organization's totals, vetoes, checks, stage and satisfaction, and its scored items,
read in a fixed number of queries whatever the number of organizations."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F
from django.db.models.functions import Coalesce

from evaluations.models import (
    Campaign,
    CheckMethod,
    Evaluation,
    EvaluationStatus,
    PersonalizedItem,
    ReviewCheck,
    Score,
    Stage,
    VetoHit,
)
from evaluations.rules.tree import template_with_personalised
from evaluations.selectors.votes import few_ballots_note
from orgs.models import Organization
from scoring.engine import InputError, dimension_points
from scoring.models import IndicatorTemplate


def _percent(share: object) -> str:
    if share in (None, ""):
        return ""
    return f"{(Decimal(str(share)) * 100).quantize(Decimal('0.1')).normalize():f}%"


@dataclass(frozen=True)
class LedgerItem:
    """One scored item of one organization: its points in the self-assessment and in the review, and how the
    street checked it."""

    dimension: str
    code: str
    name: str
    points_max: Decimal
    self_points: Decimal | None
    review_points: Decimal | None
    methods: tuple[str, ...]  # CheckMethod values


@dataclass(frozen=True)
class LedgerRow:
    code: str
    organization: str
    self_total: Decimal | None
    declared_stars: int | None
    review_total: Decimal | None
    stars: int | None
    vetoes: str
    checks: dict[str, int]
    stage: str
    satisfaction_share: str
    items: tuple[LedgerItem, ...] = ()

    @property
    def reviewed(self) -> bool:
        """The street has given review points (at the review or since: they stay when the organization moves on)."""
        return any(item.review_points is not None for item in self.items)


def methods_text(methods: tuple[str, ...]) -> str:
    labels = dict(CheckMethod.choices)
    return "、".join(str(labels[method]) for method in methods if method in labels)


def ledger_rows(*, campaign: Campaign, street: Organization) -> list[LedgerRow]:
    """The rows of the street's ledger in the campaign, one per organization in tree order, in six queries."""
    evaluations = list(
        Evaluation.objects.filter(campaign=campaign, organization__path__startswith=street.path)
        .select_related("organization", "stage", "result")
        .order_by("organization__path")
    )
    ids = [evaluation.pk for evaluation in evaluations]
    scores: dict[tuple[int, str], dict[str, Decimal]] = {}
    for evaluation_id, stage, code, points in Score.objects.filter(evaluation_id__in=ids).values_list(
        "evaluation_id", "stage", Coalesce(F("item__code"), F("personalized_item__code")), "points"
    ):
        scores.setdefault((evaluation_id, stage), {})[code] = points
    vetoes: dict[tuple[int, str], list[str]] = {}
    for evaluation_id, stage, code, name in (
        VetoHit.objects.filter(evaluation_id__in=ids)
        .order_by("veto_item__order")
        .values_list("evaluation_id", "stage", "veto_item__code", "veto_item__name")
    ):
        vetoes.setdefault((evaluation_id, stage), []).append(f"{code} {name}")
    checks: dict[int, dict[str, int]] = {}
    methods_of: dict[tuple[int, str], tuple[str, ...]] = {}
    for evaluation_id, code, methods in ReviewCheck.objects.filter(evaluation_id__in=ids).values_list(
        "evaluation_id", "code", "methods"
    ):
        methods_of[evaluation_id, code] = tuple(methods)
        counted = checks.setdefault(evaluation_id, {})
        for method in methods:
            counted[method] = counted.get(method, 0) + 1
    personalised: dict[int, list] = {}
    for item in PersonalizedItem.objects.filter(campaign=campaign, organization__path__startswith=street.path).order_by(
        "order", "pk"
    ):
        personalised.setdefault(item.organization_id, []).append(item)
    templates = {
        template.pk: template.as_definition()
        for template in IndicatorTemplate.objects.filter(pk__in={e.template_id for e in evaluations})
    }

    def scored(evaluation: Evaluation):
        return template_with_personalised(
            templates[evaluation.template_id], personalised.get(evaluation.organization_id, [])
        )

    def items(evaluation: Evaluation) -> tuple[LedgerItem, ...]:
        own = scores.get((evaluation.pk, Stage.SELF_ASSESSMENT), {})
        review = scores.get((evaluation.pk, Stage.REVIEW), {})
        return tuple(
            LedgerItem(
                dimension=dimension.name,
                code=leaf.code,
                name=leaf.name,
                points_max=leaf.points_max,
                self_points=own.get(leaf.code),
                review_points=review.get(leaf.code),
                methods=methods_of.get((evaluation.pk, leaf.code), ()),
            )
            for dimension in scored(evaluation).dimensions
            for leaf in dimension.leaves()
        )

    def total(evaluation: Evaluation, stage: str) -> Decimal | None:
        stage_scores = scores.get((evaluation.pk, stage))
        if not stage_scores:
            return None
        template = scored(evaluation)
        try:
            return sum((d.points for d in dimension_points(template, stage_scores)), Decimal(0))
        except InputError:
            return None

    rows = []
    for evaluation in evaluations:
        result = getattr(evaluation, "result", None)
        stars = evaluation.approved_stars if evaluation.status == EvaluationStatus.APPROVED else None
        if stars is None and result is not None:
            stars = result.stars
        satisfaction = ((result.explanation.get("result") or {}).get("satisfaction") or {}) if result else {}
        hit = vetoes.get((evaluation.pk, Stage.REVIEW)) or vetoes.get((evaluation.pk, Stage.SELF_ASSESSMENT), [])
        rows.append(
            LedgerRow(
                code=evaluation.organization.code,
                organization=evaluation.organization.name,
                self_total=total(evaluation, Stage.SELF_ASSESSMENT),
                declared_stars=evaluation.declared_stars,
                review_total=total(evaluation, Stage.REVIEW),
                stars=stars,
                vetoes="、".join(hit),
                checks=checks.get(evaluation.pk, {}),
                stage=str(evaluation.stage.get_kind_display()) if evaluation.stage else "",
                satisfaction_share=" ".join(
                    part
                    for part in (
                        _percent(satisfaction.get("fair_or_above_share")),
                        few_ballots_note(satisfaction.get("total")),
                    )
                    if part
                ),
                items=items(evaluation),
            )
        )
    return rows
