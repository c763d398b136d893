"""The pure rules of a case: which step leads where from which status, and which overdue reminders are owed."""

from datetime import date

import pytest

from evaluations.rules.rectification import CaseStep, next_status, overdue_steps_due

DEADLINE = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("status", "step", "expected"),
    [
        ("open", CaseStep.PROGRESS, "reported"),
        ("returned", CaseStep.SUBMITTED, "submitted"),
        ("submitted", CaseStep.CLOSED, "closed"),
        ("submitted", CaseStep.SENT_BACK, "returned"),
        ("open", CaseStep.CLOSED, None),
        ("submitted", CaseStep.PROGRESS, None),
        ("closed", CaseStep.SENT_BACK, None),
    ],
)
def test_each_step_leads_from_the_statuses_it_may_be_taken_in(status, step, expected):
    assert next_status(status, step) == expected


def _due(today, status="open", reminded=None, escalated=None):
    return overdue_steps_due(
        deadline=DEADLINE,
        status=status,
        today=today,
        reminded_for=reminded,
        escalated_for=escalated,
        escalate_after_days=7,
    )


def test_reminders_are_owed_once_per_deadline_and_never_for_a_closed_case():
    assert _due(date(2026, 6, 30)) == ()
    assert _due(date(2026, 7, 1)) == (CaseStep.REMINDED,)
    assert _due(date(2026, 7, 1), reminded=DEADLINE) == ()
    assert _due(date(2026, 7, 7), reminded=DEADLINE) == (CaseStep.ESCALATED,)
    assert _due(date(2026, 7, 9)) == (CaseStep.REMINDED, CaseStep.ESCALATED)
    assert _due(date(2026, 7, 9), reminded=DEADLINE, escalated=DEADLINE) == ()
    assert _due(date(2026, 7, 9), reminded=date(2026, 5, 31), escalated=date(2026, 5, 31)) == (
        CaseStep.REMINDED,
        CaseStep.ESCALATED,
    )
    assert _due(date(2026, 12, 1), status="closed") == ()
