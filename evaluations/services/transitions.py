"""Moving evaluations through their campaign's stages: submit, return, reopen, revise.

The rules are in ``evaluations.workflow``; this module loads what they need, locks the evaluation, writes
the move with its transition record and audit event, or refuses with a clear message and changes nothing.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    Campaign,
    CampaignStage,
    CampaignStatus,
    DepartmentOpinion,
    Evaluation,
    EvaluationResult,
    EvaluationStatus,
    Objection,
    SubjectKind,
    Survey,
    SurveyStatus,
    Transition,
)
from evaluations.rules.workflow import PROCEDURES, Action, Facts, StageKind, StageSpec, decide
from evaluations.selectors.democratic_votes import democratic_vote_closed
from evaluations.services.consequence_runs import consequences_request
from evaluations.services.event_notifications import (
    evaluation_revised_notify,
    evaluation_sent_back_notify,
    evaluations_approved_notify,
)
from orgs.models import AuditOutcome, Level, User
from orgs.permissions import roles_over
from orgs.roles import Role
from orgs.services.audit import audit_record

ACTOR_LEVEL = {
    Role.ORG_ADMIN: Level.COMMUNITY,
    Role.STREET_STAFF: Level.STREET,
    Role.DEPARTMENT_REVIEWER: Level.DISTRICT,
    Role.DISTRICT_ADMIN: Level.DISTRICT,
    Role.DISTRICT_APPROVER: Level.DISTRICT,
}


class TransitionRefused(ValidationError):
    """The action is not allowed now; the message says why. Nothing was changed."""


class StaleEvaluation(TransitionRefused):
    """Someone else changed the evaluation after the form was loaded."""


def campaign_stages_create(*, campaign: Campaign, procedure: str = "yucheng") -> list[CampaignStage]:
    """Give a campaign the stages of one of the shipped procedures (the district edits deadlines later)."""
    if procedure not in PROCEDURES:
        raise ValidationError({"procedure": _("Unknown procedure: %(name)s.") % {"name": procedure}})
    return CampaignStage.objects.bulk_create(
        [
            CampaignStage(
                campaign=campaign,
                order=order,
                kind=spec.kind,
                actor_role=spec.actor_role,
                actor_level=ACTOR_LEVEL[spec.actor_role],
                min_days=spec.min_days,
            )
            for order, spec in enumerate(PROCEDURES[procedure])
        ]
    )


def stage_specs(stages: Iterable[CampaignStage]) -> tuple[StageSpec, ...]:
    return tuple(StageSpec(stage.kind, stage.actor_role, stage.min_days) for stage in stages)


def evaluation_facts(evaluation: Evaluation, stage: CampaignStage, now: datetime) -> Facts:
    """What gates leaving the evaluation's stage: days passed, open objections, missing opinions, open survey."""
    entered = evaluation.stage_entered_at or now
    days = (now - entered).total_seconds() / 86400
    if stage.kind == StageKind.PUBLICITY:
        open_objections = Objection.objects.filter(evaluation=evaluation, answered_at__isnull=True).count()
        return Facts(days_in_stage=days, open_objections=open_objections)
    if stage.kind == StageKind.CONSULTATION:
        asked = evaluation.campaign.departments.count()
        given = DepartmentOpinion.objects.filter(
            evaluation=evaluation, department__in=evaluation.campaign.departments.all()
        ).count()
        passed = stage.deadline is not None and stage.deadline <= now
        return Facts(days_in_stage=days, opinions_missing=max(asked - given, 0), deadline_passed=passed)
    if stage.kind == StageKind.VOTE:
        survey_open = Survey.objects.filter(evaluation=evaluation, status=SurveyStatus.OPEN).exists()
        unclosed = evaluation.subject_kind == SubjectKind.MEMBER and not democratic_vote_closed(evaluation)
        return Facts(days_in_stage=days, survey_open=survey_open, democratic_vote_unclosed=unclosed)
    return Facts(days_in_stage=days)


def _approved_stars(evaluation: Evaluation) -> int:
    """The stars an evaluation is approved with: the recommended list's, else the computed result's."""
    recommendation = getattr(evaluation, "recommendation", None)
    if recommendation is not None:
        return recommendation.stars
    result = EvaluationResult.objects.filter(evaluation=evaluation).values_list("stars", flat=True).first()
    return result or 0


def evaluation_transition(
    *,
    evaluation: Evaluation,
    action: str,
    by: User,
    reason: str = "",
    target_order: int | None = None,
    lock_version: int | None = None,
    now: datetime | None = None,
) -> Evaluation:
    """Take one action on one evaluation under a row lock; refused actions are audited and change nothing."""
    now = now or timezone.now()
    refusal = None
    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("campaign", "organization", "stage")
            .get(pk=evaluation.pk)
        )
        if lock_version is not None and lock_version != evaluation.lock_version:
            refusal = StaleEvaluation(
                _("%(organization)s changed in the meantime (by someone else). Reload the page and try again.")
                % {"organization": evaluation.organization.name}
            )
        else:
            refusal = _move(evaluation, action, by, reason, target_order, now)
    if refusal is not None:
        audit_record(
            action=EvaluationAuditAction.TRANSITION,
            actor=by,
            object_type="evaluation",
            object_id=evaluation.pk,
            outcome=AuditOutcome.REFUSED,
            detail={"action": action, "reason": refusal.messages[0]},
        )
        raise refusal
    return evaluation


def _move(evaluation, action, by, reason, target_order, now) -> TransitionRefused | None:
    """Apply the decision to the locked evaluation; return the refusal instead of raising inside the lock."""
    stages = list(CampaignStage.objects.filter(campaign_id=evaluation.campaign_id).order_by("order"))
    current = next((i for i, stage in enumerate(stages) if stage.pk == evaluation.stage_id), -1)
    if evaluation.campaign.status != CampaignStatus.OPEN:
        return TransitionRefused(_("The campaign is not open."))
    if evaluation.status == EvaluationStatus.WITHDRAWN:
        return TransitionRefused(
            _("%(organization)s is withdrawn from the rating: %(reason)s")
            % {"organization": evaluation.organization.name, "reason": evaluation.withdrawn_reason}
        )
    facts = evaluation_facts(evaluation, stages[current], now) if current >= 0 else Facts()
    decision = decide(
        stages=stage_specs(stages),
        current=current,
        approved=evaluation.status == EvaluationStatus.APPROVED,
        action=action,
        roles=roles_over(by, evaluation.organization),
        reason=reason,
        target=target_order,
        facts=facts,
    )
    if not decision.allowed:
        return TransitionRefused(decision.refusal, code="forbidden" if decision.forbidden else "refused")
    from_stage = evaluation.stage
    withdrawn_stars = evaluation.approved_stars
    fields = ["stage", "stage_entered_at", "lock_version", "updated_at"]
    if decision.approves:
        evaluation.status = EvaluationStatus.APPROVED
        evaluation.approved_stars = _approved_stars(evaluation)
        evaluation.approved_at = now
        fields += ["status", "approved_stars", "approved_at"]
    if decision.unfreezes:
        evaluation.status = EvaluationStatus.IN_PROGRESS
        evaluation.approved_stars = None
        evaluation.approved_at = None
        evaluation.revision += 1
        fields += ["status", "approved_stars", "approved_at", "revision"]
    evaluation.stage = stages[decision.target]
    if evaluation.stage.pk != from_stage.pk or decision.unfreezes:
        evaluation.stage_entered_at = now
    evaluation.lock_version += 1
    evaluation.save(update_fields=fields)
    transition = Transition.objects.create(
        evaluation=evaluation,
        action=action,
        from_stage=from_stage,
        to_stage=evaluation.stage,
        approved=decision.approves,
        revision=evaluation.revision,
        reason=reason.strip(),
        by=by,
        at=now,
    )
    audit_record(
        action=EvaluationAuditAction.REVISION if decision.unfreezes else EvaluationAuditAction.TRANSITION,
        actor=by,
        object_type="evaluation",
        object_id=evaluation.pk,
        detail={
            "action": action,
            "from": from_stage.kind,
            "to": evaluation.stage.kind,
            "approved": decision.approves,
            "reason": reason.strip(),
        },
    )
    if decision.approves or decision.unfreezes:
        # An approval adds a result; a revision after approval takes one back until it is approved again.
        consequences_request(
            organization_ids=[evaluation.organization_id],
            cause="approval" if decision.approves else "revision",
            by=by,
        )
    if decision.approves:
        evaluations_approved_notify(evaluation_ids=[evaluation.pk], by=by)
    elif decision.unfreezes:
        evaluation_revised_notify(evaluation=evaluation, transition=transition, stars=withdrawn_stars, by=by)
    elif action in (Action.RETURN, Action.REOPEN):
        evaluation_sent_back_notify(evaluation=evaluation, transition=transition, by=by)
    return None


def evaluations_transition(
    *, evaluations: Iterable[Evaluation], action: str, by: User, reason: str = "", now: datetime | None = None
) -> tuple[list[Evaluation], dict[int, str]]:
    """The same action on several evaluations (a street submits its reviews); each moves or says why not."""
    moved, refused = [], {}
    for evaluation in evaluations:
        try:
            moved.append(evaluation_transition(evaluation=evaluation, action=action, by=by, reason=reason, now=now))
        except TransitionRefused as refusal:
            refused[evaluation.pk] = refusal.messages[0]
    return moved, refused


def waiting_counts(evaluations) -> dict[int, int]:
    """How many evaluations wait at each stage id (for the campaign page and the work lists)."""
    rows = evaluations.filter(~Q(status=EvaluationStatus.APPROVED)).values("stage").annotate(n=Count("pk"))
    return {row["stage"]: row["n"] for row in rows}
