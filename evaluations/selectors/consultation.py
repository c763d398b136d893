"""Reads for the joint review ("X+2") pages: the consultation stage of a campaign, its evaluations with every
department's opinion (silence past the deadline shown as no objection), and the templates' veto items. The
opinions themselves are given in ``evaluations.services.consultation``."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import (
    Campaign,
    CampaignStage,
    DepartmentOpinion,
    Evaluation,
    EvaluationStatus,
)
from evaluations.rules.workflow import StageKind
from orgs.models import Department
from scoring.definitions import SchemeName
from scoring.models import IndicatorItem, ItemLevel


@dataclass
class OpinionCell:
    department: Department
    opinion: DepartmentOpinion | None
    silent_as_no_objection: bool = False


@dataclass
class ConsultationRow:
    evaluation: Evaluation
    cells: list[OpinionCell] = field(default_factory=list)
    own: DepartmentOpinion | None = None


def consultation_stage(campaign: Campaign) -> CampaignStage | None:
    return CampaignStage.objects.filter(campaign=campaign, kind=StageKind.CONSULTATION).order_by("order").first()


def consultation_rows(
    *,
    campaign: Campaign,
    evaluations: QuerySet,
    departments: list[Department],
    stage: CampaignStage | None,
    now: datetime | None = None,
) -> list[ConsultationRow]:
    """The evaluations of the campaign at the consultation ``stage`` with their result and every department's
    opinion; a department silent past the deadline counts as no objection. Two queries, whatever the size."""
    now = now or timezone.now()
    deadline_passed = stage is not None and stage.deadline is not None and stage.deadline <= now
    waiting = (
        evaluations.filter(campaign=campaign, stage__kind=StageKind.CONSULTATION, status=EvaluationStatus.IN_PROGRESS)
        .select_related("organization", "result", "secretary", "member")
        .prefetch_related(
            Prefetch(
                "opinions",
                queryset=DepartmentOpinion.objects.select_related("department", "veto_item"),
                to_attr="given_opinions",
            )
        )
        .order_by("organization__path")
    )
    rows = []
    for evaluation in waiting:
        by_department = {opinion.department_id: opinion for opinion in evaluation.given_opinions}
        cells = [
            OpinionCell(
                department=department,
                opinion=by_department.get(department.pk),
                silent_as_no_objection=deadline_passed and department.pk not in by_department,
            )
            for department in departments
        ]
        rows.append(ConsultationRow(evaluation=evaluation, cells=cells))
    return rows


def veto_items_of(template_ids: Iterable[int]) -> dict[int, list[IndicatorItem]]:
    """The veto items of each template, in order, each with ``effect``: what a veto on it takes away under the
    template's scheme (Yucheng: the star of its dimension), so a department reads it before saving. One query."""
    items: dict[int, list[IndicatorItem]] = {}
    dimensions: dict[tuple[int, str], str] = {}
    schemes: dict[int, object] = {}
    rows = (
        IndicatorItem.objects.filter(template_id__in=set(template_ids), level__in=[ItemLevel.VETO, ItemLevel.DIMENSION])
        .select_related("template")
        .order_by("order")
    )
    for item in rows:
        if item.level == ItemLevel.DIMENSION:
            dimensions[item.template_id, item.code] = item.name
            continue
        if item.template_id not in schemes:
            schemes[item.template_id] = item.template.as_definition().scheme
        items.setdefault(item.template_id, []).append(item)
    for template_id, vetoes in items.items():
        for veto in vetoes:
            veto.effect = veto_effect(schemes[template_id], dimensions.get((template_id, veto.dimension_code)))
    return items


def veto_effect(scheme, dimension: str | None) -> str:
    """What a hit veto item does to the result, in words (the engine's rules: stars.py, grades.py)."""
    if scheme.name == SchemeName.DIMENSION_STARS:
        if dimension:
            return _("removes the star of the dimension “%(dimension)s”") % {"dimension": dimension}
        return _("no star is lit")
    if scheme.name == SchemeName.SCORE_BANDS and scheme.veto_cap is not None:
        return _("at most %(stars)s stars") % {"stars": scheme.veto_cap}
    if scheme.name == SchemeName.WEIGHTED_GRADE:
        lowest = min(scheme.grade_bands, key=lambda band: band.lower).grade if scheme.grade_bands else ""
        return _("the grade is lowered to %(grade)s") % {"grade": scheme.veto_grade or lowest}
    return ""
