"""Overdue rectification cases (整改销号, seed 003), from Celery beat: once a case's deadline has passed, its owner is
reminded; once it has passed by RECTIFICATION_ESCALATE_AFTER_DAYS, the level above is told. Each step is claimed by
one conditional update of the case (the deadline it was sent for), so it is sent once per case and deadline however
often the job runs; a new deadline given on a send-back starts them again. A case closed out or withdrawn is
reminded of nothing. Each is in the case's history."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from evaluations.audit import EvaluationAuditAction
from evaluations.models import RectificationCase, RectificationEvent
from evaluations.rules.rectification import FINISHED, CaseStep, overdue_steps_due
from evaluations.services.rectification_notices import case_step_notify
from orgs.services.audit import audit_record

CLAIM_FIELD = {CaseStep.REMINDED: "reminded_for", CaseStep.ESCALATED: "escalated_for"}


def _claim(case: RectificationCase, step: CaseStep) -> bool:
    """Mark the step sent for the case's current deadline; False when another run did it first."""
    field = CLAIM_FIELD[step]
    return bool(
        RectificationCase.objects.filter(pk=case.pk, deadline=case.deadline)
        .exclude(status__in=list(FINISHED))
        .exclude(**{field: F("deadline")})
        .update(**{field: F("deadline")})
    )


def remind_overdue(*, now: datetime | None = None) -> int:
    """Remind the owners of overdue cases and tell the level above, each once; returns how many steps were sent."""
    today = timezone.localdate(now or timezone.now())
    escalate_after = settings.RECTIFICATION_ESCALATE_AFTER_DAYS
    pending = (
        RectificationCase.objects.filter(deadline__lt=today)
        .exclude(status__in=list(FINISHED))
        .filter(
            Q(reminded_for__isnull=True)
            | ~Q(reminded_for=F("deadline"))
            | Q(escalated_for__isnull=True)
            | ~Q(escalated_for=F("deadline"))
        )
        .select_related("organization", "owner")
        .order_by("deadline", "pk")
    )
    sent = 0
    for case in pending:
        steps = overdue_steps_due(
            deadline=case.deadline,
            status=case.status,
            today=today,
            reminded_for=case.reminded_for,
            escalated_for=case.escalated_for,
            escalate_after_days=escalate_after,
        )
        for step in steps:
            with transaction.atomic():
                if not _claim(case, step):
                    continue
                days = (today - case.deadline).days
                RectificationEvent.objects.create(
                    case=case,
                    step=step,
                    from_status=case.status,
                    to_status=case.status,
                    detail={"deadline": case.deadline.isoformat(), "days_overdue": days},
                )
                audit_record(
                    action=EvaluationAuditAction.RECTIFICATION_OVERDUE,
                    object_type="rectification_case",
                    object_id=case.pk,
                    detail={"step": step, "deadline": case.deadline.isoformat(), "days_overdue": days},
                )
                case_step_notify(case=case, step=step, key=f"{step}:{case.deadline:%Y%m%d}", by=None)
                sent += 1
    return sent
