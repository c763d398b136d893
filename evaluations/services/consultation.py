"""The joint review ("X+2", Yucheng seed 000): a campaign's stages and the district departments it consults,
each department's opinion per organization, and closing the consultation.

A veto opinion names a veto item of the evaluation's template; it is kept as a VetoHit of the consultation
stage, which the computation applies on top of the scores' stage, so the stars and the "why" follow it.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    Campaign,
    CampaignStage,
    CampaignStatus,
    DepartmentOpinion,
    Evaluation,
    EvaluationStatus,
    OpinionKind,
    ScoreChange,
    ScoreChangeKind,
    Stage,
    VetoHit,
)
from evaluations.rules.workflow import PROCEDURES, Action, StageKind
from evaluations.services.compute.request import campaign_compute_request
from evaluations.services.event_notifications import veto_notify
from evaluations.services.transitions import evaluations_transition
from orgs.free_text import as_typed
from orgs.models import AuditOutcome, Department, User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record
from scoring.models import IndicatorItem, ItemLevel

VETO_HIT = "hit"  # ScoreChange value of a veto item hit; blank when not hit (as the scores' history writes it)
MAX_LEAST_DAYS = 365


class OpinionRefused(ValidationError):
    """The opinion cannot be given now or as typed; the message says why. Nothing was changed."""


# --- Campaign set-up: stages and departments -------------------------------------------------------------


def _stage_label(stage: CampaignStage) -> str:
    return _("Stage %(number)d (%(kind)s)") % {"number": stage.order + 1, "kind": stage.get_kind_display()}


def _parse_deadline(raw: object) -> tuple[datetime | None, bool]:
    """A deadline typed in the browser (2026-06-30T17:00) or given as a datetime; (value, understood)."""
    if raw is None or isinstance(raw, datetime):
        value = raw
    else:
        text = str(raw).strip()
        if not text:
            return None, True
        try:
            value = parse_datetime(text)
        except ValueError:
            return None, False
        if value is None:
            return None, False
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value, True


def _parse_days(raw: object) -> int | None:
    text = str(raw if raw is not None else "").strip() or "0"
    if not text.isdigit() or int(text) > MAX_LEAST_DAYS:
        return None
    return int(text)


def campaign_stages_set(
    *, campaign: Campaign, rows: dict[int, dict], departments: Iterable[Department], by: User
) -> Campaign:
    """Set the deadline and least days of each stage and the departments consulted, all or nothing.

    ``rows`` maps a stage's id to its typed ``deadline`` and ``min_days``. The kinds and who acts come from the
    procedure and are not changed here. Deadlines follow the order of the stages; a publicity lasts at least
    the days of its procedure (Yucheng: ≥ 3 days); a department that has given opinions stays consulted.
    """
    check_actor(by, Capability.MANAGE_CAMPAIGNS, campaign.scope, object_type="campaign", object_id=campaign.pk)
    departments = list(departments)
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status == CampaignStatus.CLOSED:
            raise ValidationError(_("The campaign is closed: its stages can no longer be changed."))
        stages = list(CampaignStage.objects.filter(campaign=campaign).order_by("order"))
        shipped = PROCEDURES.get(campaign.procedure, ())
        changed: list[CampaignStage] = []
        previous: CampaignStage | None = None
        for stage in stages:
            row = rows.get(stage.pk, {})
            problems = []
            deadline, understood = _parse_deadline(row.get("deadline", stage.deadline))
            if not understood:
                problems.append(
                    _("%(stage)s: the deadline is not a date and time (e.g. 2026-06-30 17:00).")
                    % {"stage": _stage_label(stage)}
                )
            min_days = _parse_days(row.get("min_days", stage.min_days))
            if min_days is None:
                problems.append(
                    _("%(stage)s: the least days are a whole number from 0 to %(max)d.")
                    % {"stage": _stage_label(stage), "max": MAX_LEAST_DAYS}
                )
            elif stage.kind == StageKind.PUBLICITY and stage.order < len(shipped):
                floor = shipped[stage.order].min_days
                if min_days < floor:
                    problems.append(
                        _("%(stage)s: the publicity lasts at least %(days)d days.")
                        % {"stage": _stage_label(stage), "days": floor}
                    )
            if deadline and previous is not None and previous.deadline and deadline < previous.deadline:
                problems.append(
                    _("%(stage)s: the deadline is before the deadline of %(earlier)s.")
                    % {"stage": _stage_label(stage), "earlier": _stage_label(previous)}
                )
            if problems:
                errors[f"stage-{stage.pk}"] = problems
            else:
                if (deadline, min_days) != (stage.deadline, stage.min_days):
                    changed.append(stage)
                stage.deadline, stage.min_days = deadline, min_days
            previous = stage
        kept = set(
            DepartmentOpinion.objects.filter(evaluation__campaign=campaign)
            .exclude(department__in=departments)
            .values_list("department__name", flat=True)
        )
        if kept:
            errors["departments"] = [
                _("%(departments)s already gave opinions in this campaign: they stay consulted.")
                % {"departments": "、".join(sorted(kept))}
            ]
        if errors:
            transaction.set_rollback(True)
        else:
            CampaignStage.objects.bulk_update(changed, ["deadline", "min_days"])
            campaign.departments.set(departments)
            audit_record(
                action=EvaluationAuditAction.CAMPAIGN_SETUP,
                actor=by,
                object_type="campaign",
                object_id=campaign.pk,
                detail={
                    "set_up": "stages",
                    "stages": {
                        str(stage.order + 1): {
                            "deadline": stage.deadline.isoformat() if stage.deadline else "",
                            "min_days": stage.min_days,
                        }
                        for stage in changed
                    },
                    "departments": sorted(department.code for department in departments),
                },
            )
    if errors:
        audit_record(
            action=EvaluationAuditAction.CAMPAIGN_SETUP,
            outcome=AuditOutcome.REFUSED,
            actor=by,
            object_type="campaign",
            object_id=campaign.pk,
            detail={"set_up": "stages", "errors": [message for messages in errors.values() for message in messages]},
        )
        raise ValidationError(errors)
    return campaign


# --- Opinions ---------------------------------------------------------------------------------------------


def _refuse(evaluation: Evaluation, by: User, message: str, field_name: str | None = None) -> OpinionRefused:
    audit_record(
        action=EvaluationAuditAction.OPINION_GIVE,
        outcome=AuditOutcome.REFUSED,
        actor=by,
        object_type="evaluation",
        object_id=evaluation.pk,
        detail={"reason": message},
    )
    return OpinionRefused({field_name: [message]} if field_name else message)


def _opinion_values(evaluation: Evaluation, kind: str, note: str, veto_code: str) -> tuple[dict, str | None, str]:
    """The opinion's fields from what was typed, or (the message, the field it is about)."""
    name = evaluation.organization.name
    if kind not in OpinionKind.values:
        return {}, _("%(organization)s: choose no objection, a concern or a veto.") % {"organization": name}, "kind"
    if kind == OpinionKind.NO_OBJECTION:
        return {"kind": kind, "note": note, "veto_item": None}, None, ""
    if kind == OpinionKind.CONCERN and not note:
        return {}, _("%(organization)s: a concern needs a note that says what it is.") % {"organization": name}, "note"
    veto_item = None
    if kind == OpinionKind.VETO:
        if not veto_code:
            return {}, _("%(organization)s: a veto names the veto item it hits.") % {"organization": name}, "veto_item"
        veto_item = IndicatorItem.objects.filter(
            template_id=evaluation.template_id, code=veto_code, level=ItemLevel.VETO
        ).first()
        if veto_item is None:
            message = _("%(organization)s: %(code)s is not a veto item of the template.") % {
                "organization": name,
                "code": veto_code,
            }
            return {}, message, "veto_item"
        if not note:
            return {}, _("%(organization)s: a veto needs a note that says why.") % {"organization": name}, "note"
    return {"kind": kind, "note": note, "veto_item": veto_item}, None, ""


def opinion_give(
    *,
    evaluation: Evaluation,
    kind: str,
    note: str = "",
    veto_code: str = "",
    by: User,
    now: datetime | None = None,
) -> DepartmentOpinion:
    """The reviewer's department gives (or changes) its opinion on one organization in the joint review.

    Only at the consultation stage, for a department the campaign consults, until the stage's deadline. A
    veto keeps its veto item as a hit of the consultation stage and the campaign is recomputed.
    """
    check_actor(by, Capability.GIVE_OPINION, evaluation.organization, object_type="evaluation", object_id=evaluation.pk)
    now = now or timezone.now()
    note = (note or "").strip()
    veto_code = (veto_code or "").strip()
    department = by.department if by.department_id else None
    with transaction.atomic():
        # The evaluation's row lock is the one transitions take: an opinion cannot land while the stage closes.
        evaluation = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("campaign", "organization", "stage")
            .get(pk=evaluation.pk)
        )
        name = evaluation.organization.name
        stage = evaluation.stage
        if department is None:
            message = _("Your account belongs to no district department: only a department gives an opinion.")
        elif (
            stage is None
            or stage.kind != StageKind.CONSULTATION
            or evaluation.status != EvaluationStatus.IN_PROGRESS
            or evaluation.campaign.status != CampaignStatus.OPEN
        ):
            message = _("%(organization)s is not at the department opinions stage: no opinion can be given now.") % {
                "organization": name
            }
        elif not evaluation.campaign.departments.filter(pk=department.pk).exists():
            message = _("This campaign does not consult %(department)s.") % {"department": department.name}
        elif stage.deadline is not None and stage.deadline <= now:
            message = _("The deadline for opinions (%(deadline)s) has passed.") % {
                "deadline": date_format(timezone.localtime(stage.deadline), "DATETIME_FORMAT")
            }
        else:
            message = None
        field_name = None
        if message is None:
            values, message, field_name = _opinion_values(evaluation, kind, note, veto_code)
        if message is None:
            opinion, created = DepartmentOpinion.objects.update_or_create(
                evaluation=evaluation,
                department=department,
                defaults={**values, "given_by": by, "given_at": now},
            )
            if _vetoes_sync(evaluation, by, now):
                campaign_compute_request(campaign=evaluation.campaign)
            if opinion.kind == OpinionKind.VETO:
                veto_notify(opinion=opinion, by=by)
            audit_record(
                action=EvaluationAuditAction.OPINION_GIVE,
                actor=by,
                object_type="evaluation",
                object_id=evaluation.pk,
                detail={
                    "department": department.code,
                    "kind": opinion.kind,
                    "veto_item": veto_code if opinion.kind == OpinionKind.VETO else "",
                    "note": note,
                    "changed": not created,
                },
            )
    if message is not None:
        # Nothing was written; the refusal is recorded on its own, outside the row lock.
        raise _refuse(evaluation, by, message, field_name)
    return opinion


def opinions_give_no_objection(
    *, campaign: Campaign, evaluations: QuerySet, by: User, now: datetime | None = None
) -> list[Evaluation]:
    """The reviewer's department says "no objection" in one action on every organization of the campaign at the
    consultation stage that it has not yet given an opinion on; vetoes and concerns are given one by one.

    Each opinion is given through :func:`opinion_give` (its checks and its audit record); one refusal refuses the
    whole action and nothing is saved.
    """
    department_id = by.department_id
    if department_id is None:
        raise ValidationError(_("Your account belongs to no district department: only a department gives an opinion."))
    waiting = list(
        evaluations.filter(campaign=campaign, stage__kind=StageKind.CONSULTATION, status=EvaluationStatus.IN_PROGRESS)
        .exclude(opinions__department_id=department_id)
        .select_related("organization")
        .order_by("organization__path")
    )
    with transaction.atomic():
        for evaluation in waiting:
            opinion_give(evaluation=evaluation, kind=OpinionKind.NO_OBJECTION, by=by, now=now)
    return waiting


def _vetoes_sync(evaluation: Evaluation, by: User, now: datetime) -> bool:
    """Make the consultation's veto hits those the departments' vetoes name; whether any hit changed.

    Two departments may veto the same item: its one hit names them both.
    """
    wanted: dict[int, list[str]] = {}
    codes: dict[int, str] = {}
    for opinion in (
        DepartmentOpinion.objects.filter(evaluation=evaluation, kind=OpinionKind.VETO)
        .select_related("department", "veto_item")
        .order_by("department__code")
    ):
        wanted.setdefault(opinion.veto_item_id, []).append(f"{opinion.department.name}：{as_typed(opinion.note)}")
        codes[opinion.veto_item_id] = opinion.veto_item.code
    existing = {
        hit.veto_item_id: hit
        for hit in VetoHit.objects.filter(evaluation=evaluation, stage=Stage.CONSULTATION).select_related("veto_item")
    }
    changes: list[ScoreChange] = []
    removed = [hit for item_id, hit in existing.items() if item_id not in wanted]
    for hit in removed:
        changes.append(_veto_change(evaluation, hit.veto_item.code, VETO_HIT, "", hit.note, by, now))
    VetoHit.objects.filter(pk__in=[hit.pk for hit in removed]).delete()
    for item_id, notes in wanted.items():
        note = "；".join(notes)
        hit = existing.get(item_id)
        if hit is None:
            VetoHit.objects.create(
                evaluation=evaluation, veto_item_id=item_id, stage=Stage.CONSULTATION, note=note, marked_by=by
            )
            changes.append(_veto_change(evaluation, codes[item_id], "", VETO_HIT, note, by, now))
        elif hit.note != note:
            hit.note, hit.marked_by = note, by
            hit.save(update_fields=["note", "marked_by", "marked_at"])
    ScoreChange.objects.bulk_create(changes)
    return bool(changes)


def _veto_change(evaluation, code, old, new, note, by, now) -> ScoreChange:
    return ScoreChange(
        evaluation=evaluation,
        stage=Stage.CONSULTATION,
        kind=ScoreChangeKind.VETO,
        code=code,
        old_value=old,
        new_value=new,
        note=note,
        by=by,
        at=now,
    )


def consultation_close(
    *, campaign: Campaign, evaluations: QuerySet, by: User, now: datetime | None = None
) -> tuple[list[Evaluation], dict[int, str]]:
    """Close the consultation of the given evaluations of the campaign that sit at it: each moves on to the
    next stage or says why not (before the deadline, a department that has not answered holds it back)."""
    check_actor(by, Capability.MANAGE_CAMPAIGNS, campaign.scope, object_type="campaign", object_id=campaign.pk)
    waiting = list(
        evaluations.filter(
            campaign=campaign, stage__kind=StageKind.CONSULTATION, status=EvaluationStatus.IN_PROGRESS
        ).order_by("organization__path")
    )
    return evaluations_transition(evaluations=waiting, action=Action.SUBMIT, by=by, now=now)
