"""The member's self-evaluation (党员自评) and the branch committee's review (支部评议), item by item (seed 004)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Evaluation, PioneerResult, PioneerSheet, PioneerSheetStage
from evaluations.rules.workflow import StageKind
from orgs.models import User
from orgs.permissions import Capability, check_actor, refuse
from orgs.services.audit import audit_record
from scoring.definitions import Kind, is_half_step
from scoring.engine.pioneer import vote_score

STATEMENT_MAX = 500
REASON_MAX = 500

# The workflow stage at which each sheet is entered.
SHEET_STAGE_KIND = {
    PioneerSheetStage.SELF_EVALUATION: StageKind.SELF_ASSESSMENT,
    PioneerSheetStage.BRANCH_REVIEW: StageKind.REVIEW,
}


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def sheet_points(template, values: dict, *, with_deductions: bool) -> tuple[dict[str, str], dict[str, str]]:
    """Every index item's points (and deduction) checked against the template: a clear message naming the item."""
    errors: dict[str, list[str]] = {}
    points: dict[str, str] = {}
    deductions: dict[str, str] = {}
    for _dimension, leaf in template.leaves():
        if leaf.kind == Kind.DEDUCTION and not with_deductions:
            continue
        raw = str(values.get(leaf.code, "") or "").strip()
        if raw == "" and leaf.kind == Kind.DEDUCTION:
            continue
        if raw == "":
            errors[leaf.code] = [_("%(item)s: give the points.") % {"item": leaf.name}]
            continue
        try:
            number = Decimal(raw)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            errors[leaf.code] = [_("%(item)s: %(value)s is not a number.") % {"item": leaf.name, "value": raw}]
            continue
        low, high = (leaf.points_min, Decimal(0)) if leaf.kind == Kind.DEDUCTION else (Decimal(0), leaf.points_max)
        if not low <= number <= high or not is_half_step(number):
            errors[leaf.code] = [
                _("%(item)s: give whole or half points from %(low)s to %(high)s.")
                % {"item": leaf.name, "low": _number(low), "high": _number(high)}
            ]
            continue
        if leaf.kind == Kind.DEDUCTION:
            if number:
                deductions[leaf.code] = _number(number)
        else:
            points[leaf.code] = _number(number)
    if errors:
        raise ValidationError(errors)
    return points, deductions


def _refuse_stage(evaluation: Evaluation, stage: str) -> None:
    if evaluation.stage is None or evaluation.stage.kind != SHEET_STAGE_KIND[stage]:
        raise ValidationError(
            _("%(member)s is not at the %(stage)s stage now: nothing was saved.")
            % {"member": evaluation.member.name, "stage": PioneerSheetStage(stage).label}
        )
    if PioneerResult.objects.filter(evaluation=evaluation, finalized_at__isnull=False).exists():
        raise ValidationError(_("The grade is final: nothing was saved."))


def pioneer_self_evaluation_save(
    *, evaluation: Evaluation, points: dict, statement: str, submit: bool, by: User
) -> PioneerSheet:
    """The member's own points per index item and a short statement; submitted once, then it is the branch's."""
    if getattr(by, "member_id", None) != evaluation.member_id or evaluation.member_id is None:
        refuse(
            by, capability=Capability.VOTE_AS_MEMBER, object_type="evaluation", object_id=evaluation.pk, not_found=True
        )
    statement = (statement or "").strip()
    if len(statement) > STATEMENT_MAX:
        raise ValidationError({"statement": [_("Statement: at most %(max)d characters.") % {"max": STATEMENT_MAX}]})
    checked, _none = sheet_points(evaluation.template.as_definition(), points, with_deductions=False)
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update(of=("self",)).select_related("stage", "member").get(pk=evaluation.pk)
        )
        _refuse_stage(locked, PioneerSheetStage.SELF_EVALUATION)
        sheet, _created = PioneerSheet.objects.select_for_update().get_or_create(
            evaluation=locked, stage=PioneerSheetStage.SELF_EVALUATION
        )
        if sheet.submitted_at is not None:
            raise ValidationError(_("Your self-evaluation is already submitted: it can no longer be changed."))
        sheet.points, sheet.statement, sheet.updated_by = checked, statement, by
        if submit:
            sheet.submitted_at = timezone.now()
        sheet.save()
        if submit:
            audit_record(
                action=EvaluationAuditAction.PIONEER_SELF_EVALUATION,
                actor=by,
                object_type="evaluation",
                object_id=locked.pk,
                detail={"items": len(checked)},
            )
    return sheet


def departs_from_vote(template, review_points: dict[str, str], vote_counts: dict[str, int] | None) -> bool:
    """Whether the review's index total is further from the vote score than the template's tolerance."""
    rules = template.pioneer
    score, _share, _ballots = vote_score(rules, vote_counts)
    if score is None:
        return False
    total = sum((Decimal(value) for value in review_points.values()), Decimal(0))
    return abs(total - score) > rules.review_tolerance


def pioneer_review_save(
    *,
    evaluation: Evaluation,
    points: dict,
    deductions: dict,
    reason: str,
    vote_counts: dict[str, int] | None,
    submit: bool,
    by: User,
) -> PioneerSheet:
    """The branch committee's final points per item and deductions for one member; a reason is required where the
    points depart from the democratic vote by more than the template's tolerance."""
    check_actor(
        by,
        Capability.ENTER_SELF_ASSESSMENT,
        evaluation.organization,
        object_type="evaluation",
        object_id=evaluation.pk,
        alternatives=(Capability.REVIEW_SCORES,),
    )
    template = evaluation.template.as_definition()
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [_("Reason: at most %(max)d characters.") % {"max": REASON_MAX}]})
    checked, taken = sheet_points(template, {**points, **deductions}, with_deductions=True)
    if submit and not reason and departs_from_vote(template, checked, vote_counts):
        raise ValidationError(
            {
                "reason": [
                    _("Reason: the points depart from the democratic vote by more than %(tolerance)s points; say why.")
                    % {"tolerance": _number(template.pioneer.review_tolerance)}
                ]
            }
        )
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update(of=("self",)).select_related("stage", "member").get(pk=evaluation.pk)
        )
        _refuse_stage(locked, PioneerSheetStage.BRANCH_REVIEW)
        sheet, _created = PioneerSheet.objects.select_for_update().get_or_create(
            evaluation=locked, stage=PioneerSheetStage.BRANCH_REVIEW
        )
        sheet.points, sheet.deductions, sheet.statement, sheet.updated_by = checked, taken, reason, by
        sheet.submitted_at = timezone.now() if submit else None
        sheet.save()
        if submit:
            audit_record(
                action=EvaluationAuditAction.PIONEER_REVIEW,
                actor=by,
                object_type="evaluation",
                object_id=locked.pk,
                detail={"deductions": taken, "reason": bool(reason)},
            )
    return sheet
