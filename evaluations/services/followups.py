"""Follow-up per final pioneer-index grade (Lengshuijiang, seed 004: 优秀 commended and first for honours, 基本合格
paired with a helper of the branch until the next rating, 不合格 the disposal procedure): opened when grades become
final, then kept by the branch (and the level above)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    Campaign,
    DisposalOutcome,
    DisposalStep,
    FollowUp,
    FollowUpKind,
    FollowUpNote,
    FollowUpStatus,
    MemberGrade,
    PioneerResult,
)
from orgs.models import Member, Organization, User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record

FOLLOW_UP_OF_GRADE = {
    MemberGrade.EXCELLENT: FollowUpKind.COMMENDATION,
    MemberGrade.BASICALLY_QUALIFIED: FollowUpKind.PAIRED_HELP,
    MemberGrade.UNQUALIFIED: FollowUpKind.DISPOSAL,
}
# Editable default (the seed names the disposal procedure, not its length): a case is decided within 90 days.
DISPOSAL_DAYS = 90
DISPOSAL_STEPS = list(DisposalStep.values)


def follow_ups_open(*, campaign: Campaign, by: User | None, street: Organization | None = None) -> int:
    """Open the follow-up of every grade of the campaign that has become final and has none yet, in bulk; a member
    graded again closes the paired help of an earlier rating ("until the next rating"). Returns how many opened."""
    check_actor(by, Capability.RUN_PUBLICITY, street or campaign.scope, object_type="campaign", object_id=campaign.pk)
    final = PioneerResult.objects.filter(evaluation__campaign=campaign, finalized_at__isnull=False)
    if street is not None:
        final = final.filter(evaluation__organization__path__startswith=street.path)
    rows = list(
        final.filter(evaluation__follow_up__isnull=True).values_list(
            "evaluation_id", "evaluation__member_id", "evaluation__organization_id", "grade", "final_points"
        )
    )
    deadline = timezone.localdate() + timedelta(days=DISPOSAL_DAYS)
    made = [
        FollowUp(
            evaluation_id=evaluation_id,
            campaign=campaign,
            member_id=member_id,
            branch_id=branch_id,
            kind=FOLLOW_UP_OF_GRADE[grade],
            final_points=points,
            step=DisposalStep.TALK if grade == MemberGrade.UNQUALIFIED else "",
            deadline=deadline if grade == MemberGrade.UNQUALIFIED else None,
        )
        for evaluation_id, member_id, branch_id, grade, points in rows
        if grade in FOLLOW_UP_OF_GRADE
    ]
    with transaction.atomic():
        FollowUp.objects.bulk_create(made, batch_size=2000)
        graded_again = [member_id for _evaluation, member_id, *_rest in rows]
        closed = (
            FollowUp.objects.filter(
                member_id__in=graded_again, kind=FollowUpKind.PAIRED_HELP, status=FollowUpStatus.OPEN
            )
            .exclude(campaign=campaign)
            .update(status=FollowUpStatus.CLOSED, closed_at=timezone.now())
        )
        audit_record(
            action=EvaluationAuditAction.FOLLOW_UP_OPEN,
            actor=by,
            object_type="campaign",
            object_id=campaign.pk,
            detail={"opened": len(made), "paired_help_closed": closed, "street": street.pk if street else None},
        )
    return len(made)


def _check_keeper(follow_up: FollowUp, by: User | None) -> None:
    """The branch keeps its follow-ups (its administrators, or the street above): 403 otherwise, audited, before
    any transaction so that the refusal's record stays."""
    check_actor(
        by,
        Capability.ENTER_SELF_ASSESSMENT,
        follow_up.branch,
        object_type="follow_up",
        object_id=follow_up.pk,
        alternatives=(Capability.REVIEW_SCORES,),
    )


def _locked_open(follow_up: FollowUp, kind: FollowUpKind, by: User | None) -> FollowUp:
    """The follow-up locked for writing, if it is of this kind and still open."""
    locked = FollowUp.objects.select_for_update().select_related("member", "branch").get(pk=follow_up.pk)
    if locked.kind != kind:
        raise ValidationError(_("This follow-up is a %(kind)s.") % {"kind": locked.get_kind_display()})
    if locked.status != FollowUpStatus.OPEN:
        raise ValidationError(_("This follow-up is closed: it can no longer be changed."))
    return locked


def _note(follow_up: FollowUp, text: str, by: User | None, step: str = "") -> FollowUpNote:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note: what was done, and with whom.")})
    return FollowUpNote.objects.create(follow_up=follow_up, step=step, text=text, by=by)


def _audit(follow_up: FollowUp, by: User | None, what: str, **detail) -> None:
    audit_record(
        action=EvaluationAuditAction.FOLLOW_UP_CHANGE,
        actor=by,
        object_type="follow_up",
        object_id=follow_up.pk,
        detail={"what": what, "kind": follow_up.kind, **detail},
    )


def paired_help_set(*, follow_up: FollowUp, helper: Member | None, plan: str, by: User | None) -> FollowUp:
    """Name the helper from the member's branch and the help plan (结对帮扶, seed 004)."""
    _check_keeper(follow_up, by)
    with transaction.atomic():
        locked = _locked_open(follow_up, FollowUpKind.PAIRED_HELP, by)
        errors = {}
        if helper is None:
            errors["helper"] = _("Choose the helper, a party member of the same branch.")
        elif helper.pk == locked.member_id:
            errors["helper"] = _("%(name)s cannot help themself: choose another member.") % {"name": helper.name}
        elif helper.branch_id != locked.branch_id or not helper.is_active:
            errors["helper"] = _("%(name)s is not an active member of %(branch)s.") % {
                "name": helper.name,
                "branch": locked.branch.name,
            }
        plan = (plan or "").strip()
        if not plan:
            errors["plan"] = _("Write the help plan: what the pair will do, and by when.")
        if errors:
            raise ValidationError(errors)
        locked.helper, locked.plan = helper, plan
        locked.lock_version += 1
        locked.save(update_fields=["helper", "plan", "lock_version"])
        _audit(locked, by, "paired_help_set", helper=helper.pk)
    return locked


def follow_up_note_add(*, follow_up: FollowUp, text: str, by: User | None) -> FollowUpNote:
    """A progress note of a paired help, kept until the next rating."""
    _check_keeper(follow_up, by)
    with transaction.atomic():
        locked = _locked_open(follow_up, FollowUpKind.PAIRED_HELP, by)
        if locked.helper_id is None:
            raise ValidationError(_("Name the helper and the plan first."))
        note = _note(locked, text, by)
        _audit(locked, by, "note")
    return note


def disposal_step_record(
    *, follow_up: FollowUp, step: str, text: str, deadline: date | None, by: User | None
) -> FollowUp:
    """Record a step of the disposal case (its current one, or a later one) with what was done; the deadline may be
    moved. Steps never go back."""
    _check_keeper(follow_up, by)
    with transaction.atomic():
        locked = _locked_open(follow_up, FollowUpKind.DISPOSAL, by)
        if step not in DISPOSAL_STEPS:
            raise ValidationError({"step": _("Choose one of the steps of the disposal.")})
        if DISPOSAL_STEPS.index(step) < DISPOSAL_STEPS.index(locked.step or DISPOSAL_STEPS[0]):
            raise ValidationError(
                {
                    "step": _("The case is at “%(step)s”: a step already passed cannot be recorded again.")
                    % {"step": locked.get_step_display()}
                }
            )
        _note(locked, text, by, step=step)
        locked.step = step
        if deadline is not None:
            locked.deadline = deadline
        locked.lock_version += 1
        locked.save(update_fields=["step", "deadline", "lock_version"])
        _audit(locked, by, "step", step=step)
    return locked


def disposal_close(*, follow_up: FollowUp, outcome: str, text: str, by: User | None) -> FollowUp:
    """Close the disposal case with its outcome, once the level above has approved (the approval step reached)."""
    _check_keeper(follow_up, by)
    with transaction.atomic():
        locked = _locked_open(follow_up, FollowUpKind.DISPOSAL, by)
        if outcome not in DisposalOutcome.values:
            raise ValidationError({"outcome": _("Choose the outcome of the disposal.")})
        if DISPOSAL_STEPS.index(locked.step or DISPOSAL_STEPS[0]) < DISPOSAL_STEPS.index(DisposalStep.APPROVAL):
            raise ValidationError(
                _("The level above has not approved yet: record the approval step before closing the case.")
            )
        _note(locked, text, by, step=DisposalStep.NOTICE)
        locked.outcome = outcome
        locked.step = DisposalStep.NOTICE
        locked.status = FollowUpStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.lock_version += 1
        locked.save(update_fields=["outcome", "step", "status", "closed_at", "lock_version"])
        _audit(locked, by, "close", outcome=outcome)
    return locked
