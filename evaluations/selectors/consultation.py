"""Reads for the joint review ("X+2") pages: the consultation stage of a campaign, its evaluations with every
department's opinion (silence past the deadline shown as no objection), and the templates' veto items. The
opinions themselves are given in ``evaluations.services.consultation``."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from evaluations.models import (
    Campaign,
    CampaignStage,
    DepartmentOpinion,
    Evaluation,
    EvaluationStatus,
)
from evaluations.rules.workflow import StageKind
from orgs.models import Department
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
    """The veto items of each template, in order: one query."""
    items: dict[int, list[IndicatorItem]] = {}
    for item in IndicatorItem.objects.filter(template_id__in=set(template_ids), level=ItemLevel.VETO).order_by("order"):
        items.setdefault(item.template_id, []).append(item)
    return items
