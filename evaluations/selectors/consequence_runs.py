"""Runs of the consequence job (结果运用): the last one, read from its audit record, and whether one asked for on demand
is queued or running, read from the lock its request took in the cache."""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from evaluations.audit import EvaluationAuditAction
from orgs.models import AuditEvent, AuditOutcome, Organization, User
from orgs.permissions import Capability, capability_paths
from orgs.tree import STEPLEN

# The district's own: the organization department, which manages the campaigns, asks for a run.
RUN_CAPABILITY = Capability.MANAGE_CAMPAIGNS

# The lock of an on-demand run: taken when it is asked for, released when the job ends. It expires by itself, so a
# worker killed in the middle blocks the next run for at most this long.
RUN_LOCK_KEY = "evaluations:consequence-run"
RUN_LOCK_SECONDS = 30 * 60

ON_DEMAND = "on_demand"
# Why the job ran: the ``cause`` each caller of the job gives (services/consequences.py's callers).
CAUSE_LABELS = {
    ON_DEMAND: _("Rerun on demand"),
    "approval": _("Results approved"),
    "revision": _("A result corrected"),
    "rule_set_revised": _("Rule set revised"),
    "pioneer_final": _("Pioneer-index grades final"),
    "star_levels_filed": _("Secretary star levels filed"),
    "star_change": _("A secretary's stars changed"),
    "star_removed": _("A secretary's star removed"),
    "star_undone": _("A star change undone"),
    "command": _("Run by the administrator's command"),
}


@dataclass(frozen=True)
class ConsequenceLastRun:
    """What the last run of the job did, and when, why and for whom it ran."""

    at: datetime
    cause: str
    by: str  # the user whose action ran it; empty for the system
    organizations: int
    every_organization: bool
    added: int
    updated: int
    withdrawn: int
    kept: int
    cases_withdrawn: int

    @property
    def cause_label(self) -> str:
        return str(CAUSE_LABELS.get(self.cause, self.cause or _("Not recorded")))


def consequences_last_run() -> ConsequenceLastRun | None:
    """The last run of the consequence job, from its audit record (one query); None before the first."""
    event = (
        AuditEvent.objects.filter(action=EvaluationAuditAction.CONSEQUENCES_APPLY, outcome=AuditOutcome.SUCCESS)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None:
        return None
    detail = event.detail or {}
    return ConsequenceLastRun(
        at=event.at,
        cause=str(detail.get("cause", "")),
        by=str(event.actor) if event.actor else event.actor_username,
        organizations=int(detail.get("organizations", 0)),
        every_organization=event.object_id == "all",
        added=int(detail.get("added", 0)),
        updated=int(detail.get("updated", 0)),
        withdrawn=int(detail.get("withdrawn", 0)),
        kept=int(detail.get("kept", 0)),
        cases_withdrawn=int(detail.get("cases_withdrawn", 0)),
    )


def consequence_run_started_at() -> datetime | None:
    """When the on-demand run that is queued or running was asked for; None when none is."""
    started = cache.get(RUN_LOCK_KEY)
    return parse_datetime(started) if started else None


def top_organizations() -> list[Organization]:
    """The roots of the tree: a run covers every organization under them."""
    return list(Organization.objects.filter(depth=1).order_by("path"))


def consequence_run_may_request(user: User) -> bool:
    """Whether the user may ask for a run: the capability on a top organization (the district, or a province), read
    from the grants already loaded; the service checks every top organization when asked."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(len(path) == STEPLEN for path in capability_paths(user, RUN_CAPABILITY))  # a root's path
