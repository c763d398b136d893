"""Rectification cases whose consequence is withdrawn (整改销号, seed 003; 结果运用, seed 000): called by the
consequence job inside its transaction, for all the consequences a chunk withdraws at once.

A case still being worked on is withdrawn with the consequence's reason (已撤销): one UPDATE for all of them, its
history and the organization's side told in bulk, no more overdue reminders. A case already closed out stays closed
out; its history notes that the consequence was withdrawn. If the consequence later holds again, the job makes a new
consequence row, from which a new case can be opened; the withdrawn case stays in the list and its history."""

from collections.abc import Mapping
from datetime import datetime

from django.db.models import F, OuterRef, Subquery

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Consequence, RectificationCase, RectificationEvent
from evaluations.rules.rectification import CONSEQUENCE_SOURCE, CaseStatus, CaseStep
from evaluations.services.rectification_notices import cases_step_notify
from orgs.services.audit import audit_record


def cases_withdraw_with_consequences(*, reasons: Mapping[int, str], now: datetime) -> tuple[int, int]:
    """Withdraw the open cases of the withdrawn consequences (``reasons``: consequence id → why it was withdrawn)
    and note the withdrawal in the history of those closed out; returns (withdrawn, noted). A fixed number of
    queries whatever the number of cases."""
    if not reasons:
        return 0, 0
    cases = list(
        RectificationCase.objects.select_for_update(of=("self",))
        .filter(source_kind=CONSEQUENCE_SOURCE, source_id__in=list(reasons))
        .exclude(status=CaseStatus.CANCELLED)
        .select_related("organization", "owner")
        .order_by("pk")
    )
    if not cases:
        return 0, 0
    working = [case for case in cases if case.status != CaseStatus.CLOSED]
    closed = [case for case in cases if case.status == CaseStatus.CLOSED]
    reason_of = {case.pk: reasons[case.source_id] for case in cases}
    if working:
        RectificationCase.objects.filter(pk__in=[case.pk for case in working]).update(
            status=CaseStatus.CANCELLED,
            cancelled_at=now,
            cancelled_reason=Subquery(Consequence.objects.filter(pk=OuterRef("source_id")).values("withdrawn_reason")),
            lock_version=F("lock_version") + 1,
        )
    # The history of each: a withdrawn case moves to "withdrawn"; a closed-out one stays as it is, with a note.
    RectificationEvent.objects.bulk_create(
        RectificationEvent(
            case=case,
            step=CaseStep.SOURCE_WITHDRAWN if case.status == CaseStatus.CLOSED else CaseStep.CANCELLED,
            from_status=case.status,
            to_status=CaseStatus.CLOSED if case.status == CaseStatus.CLOSED else CaseStatus.CANCELLED,
            text=reason_of[case.pk],
            detail={"consequence": case.source_id},
        )
        for case in cases
    )
    audit_record(
        action=EvaluationAuditAction.RECTIFICATION_WITHDRAWN,
        object_type="rectification_case",
        object_id=len(cases),
        detail={
            "withdrawn": [case.pk for case in working],
            "closed_out_noted": [case.pk for case in closed],
            "consequences": sorted({case.source_id for case in cases}),
        },
    )
    if working:
        cases_step_notify(cases=working, step=CaseStep.CANCELLED, key="withdrawn", texts=reason_of)
    return len(working), len(closed)
