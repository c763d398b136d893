"""Rectification to close-out (整改销号), pure: the steps of a case, when an overdue case is reminded,
and what becomes of a case whose consequence is withdrawn.

Yantian (seed 003): problem lists and task lists are kept every year, commitments made in public are closed out
(销号) under the supervision of the level above. The organization reports its progress and submits the case for
close-out; the level above checks it and closes it out, or sends it back with a reason. Seed 000 ("3+2"): two
consecutive years of 2 stars bring a talk and a rectification deadline, which the consequence rules open here.
A consequence withdrawn because the results behind it changed takes its case with it while the case is still being
worked on (it is withdrawn, 已撤销, with the reason); a case already closed out stays closed out, with a note.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class CaseKind(StrEnum):
    PROBLEM_LIST = "problem_list"
    TASK_LIST = "task_list"
    PUBLIC_COMMITMENT = "public_commitment"
    CONSEQUENCE = "consequence"


# The ``source_kind`` of a case opened from a consequence of a rating; its ``source_id`` is the consequence's.
CONSEQUENCE_SOURCE = "consequence"

CASE_KIND_LABELS = {
    CaseKind.PROBLEM_LIST: _("Problem list item"),
    CaseKind.TASK_LIST: _("Task list item"),
    CaseKind.PUBLIC_COMMITMENT: _("Public commitment"),
    CaseKind.CONSEQUENCE: _("From a rating consequence"),
}


class CaseStatus(StrEnum):
    OPEN = "open"
    REPORTED = "reported"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    CLOSED = "closed"
    # The consequence that opened the case was withdrawn (a corrected result) before the case was closed out.
    CANCELLED = "cancelled"


CASE_STATUS_LABELS = {
    CaseStatus.OPEN: _("Under rectification"),
    CaseStatus.REPORTED: _("Progress reported"),
    CaseStatus.SUBMITTED: _("Submitted for close-out"),
    CaseStatus.RETURNED: _("Sent back"),
    CaseStatus.CLOSED: _("Closed out"),
    CaseStatus.CANCELLED: _("Withdrawn"),
}
# A case in one of these changes no more, is not overdue and is reminded of nothing.
FINISHED = frozenset({CaseStatus.CLOSED, CaseStatus.CANCELLED})


class CaseStep(StrEnum):
    """What the history of a case records: the actions, and the reminders the beat job sends."""

    OPENED = "opened"
    PROGRESS = "progress"
    SUBMITTED = "submitted"
    SENT_BACK = "sent_back"
    CLOSED = "closed"
    REMINDED = "reminded"
    ESCALATED = "escalated"
    CANCELLED = "cancelled"
    SOURCE_WITHDRAWN = "source_withdrawn"


CASE_STEP_LABELS = {
    CaseStep.OPENED: _("Case opened"),
    CaseStep.PROGRESS: _("Progress reported"),
    CaseStep.SUBMITTED: _("Submitted for close-out"),
    CaseStep.SENT_BACK: _("Sent back"),
    CaseStep.CLOSED: _("Closed out"),
    CaseStep.REMINDED: _("Overdue: owner reminded"),
    CaseStep.ESCALATED: _("Overdue: reported to the level above"),
    CaseStep.CANCELLED: _("Withdrawn with its consequence"),
    CaseStep.SOURCE_WITHDRAWN: _("The consequence behind it was withdrawn"),
}


class Side(StrEnum):
    """Who takes a step: the organization whose case it is, or the level above it (its street; the district for a
    street's own case)."""

    ORGANIZATION = "organization"
    LEVEL_ABOVE = "level_above"


@dataclass(frozen=True)
class Move:
    side: Side
    from_statuses: frozenset[CaseStatus]
    to_status: CaseStatus


# The organization works on the case until it submits it; the level above then closes it out or sends it back.
WORKING = frozenset({CaseStatus.OPEN, CaseStatus.REPORTED, CaseStatus.RETURNED})
MOVES = {
    CaseStep.PROGRESS: Move(Side.ORGANIZATION, WORKING, CaseStatus.REPORTED),
    CaseStep.SUBMITTED: Move(Side.ORGANIZATION, WORKING, CaseStatus.SUBMITTED),
    CaseStep.SENT_BACK: Move(Side.LEVEL_ABOVE, frozenset({CaseStatus.SUBMITTED}), CaseStatus.RETURNED),
    CaseStep.CLOSED: Move(Side.LEVEL_ABOVE, frozenset({CaseStatus.SUBMITTED}), CaseStatus.CLOSED),
}


def next_status(status: str, step: CaseStep) -> CaseStatus | None:
    """The status the step leads to from ``status``; None when the step cannot be taken now."""
    move = MOVES[step]
    return move.to_status if status in move.from_statuses else None


def is_overdue(*, deadline: date, status: str, today: date) -> bool:
    """A case neither closed out nor withdrawn after its deadline day is overdue."""
    return status not in FINISHED and deadline < today


def overdue_steps_due(
    *,
    deadline: date,
    status: str,
    today: date,
    reminded_for: date | None,
    escalated_for: date | None,
    escalate_after_days: int,
) -> tuple[CaseStep, ...]:
    """The reminders an overdue case is owed now: the owner once the deadline has passed, the level above once it
    has passed by ``escalate_after_days``; each once per deadline (a new deadline starts them again)."""
    if not is_overdue(deadline=deadline, status=status, today=today):
        return ()
    due = []
    if reminded_for != deadline:
        due.append(CaseStep.REMINDED)
    if escalated_for != deadline and (today - deadline).days >= escalate_after_days:
        due.append(CaseStep.ESCALATED)
    return tuple(due)
