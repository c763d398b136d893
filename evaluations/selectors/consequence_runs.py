"""Runs of the consequence job (结果运用): the last one, read from its audit record, and the run over every
organization that waits or runs, with its streets done of all."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import ComputationStatus, ConsequenceRun, StreetStatus
from orgs.models import AuditEvent, AuditOutcome, Organization, User
from orgs.permissions import Capability, capability_paths
from orgs.tree import STEPLEN

# The district's own: the organization department, which manages the campaigns, asks for a run.
RUN_CAPABILITY = Capability.MANAGE_CAMPAIGNS

# A run over every organization in these states refuses a request on demand.
UNFINISHED_RUNS = (ComputationStatus.PENDING, ComputationStatus.RUNNING)

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
    seconds: float | None  # the time a run over every organization took, from its start to its last street
    failed: bool  # a street of a run over every organization failed: the streets done keep what they wrote

    @property
    def cause_label(self) -> str:
        return str(CAUSE_LABELS.get(self.cause, self.cause or _("Not recorded")))


def consequences_last_run() -> ConsequenceLastRun | None:
    """The last run of the consequence job, from its audit record (one query), failed or not; None before the
    first."""
    event = (
        AuditEvent.objects.filter(
            action=EvaluationAuditAction.CONSEQUENCES_APPLY, outcome__in=(AuditOutcome.SUCCESS, AuditOutcome.FAILURE)
        )
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
        seconds=detail.get("seconds"),
        failed=event.outcome == AuditOutcome.FAILURE,
    )


@dataclass(frozen=True)
class ConsequenceRunUnderWay:
    """The run over every organization that runs (or else waits), as the lists page shows it: when it was asked for,
    its streets done of all and the time so far (none before it starts)."""

    requested_at: datetime
    running: bool
    streets_total: int
    streets_done: int
    seconds: float


def consequence_run_under_way(now: datetime | None = None) -> ConsequenceRunUnderWay | None:
    """The run that runs, or else the one that waits, with its streets counted (one query whatever their number);
    None when none does."""
    run = (
        ConsequenceRun.objects.filter(status__in=UNFINISHED_RUNS)
        .annotate(total=Count("streets"), done=Count("streets", filter=Q(streets__status=StreetStatus.DONE)))
        .order_by(F("started_at").desc(nulls_last=True))
        .first()
    )
    if run is None:
        return None
    running = run.status == ComputationStatus.RUNNING
    seconds = max(0.0, ((now or timezone.now()) - run.started_at).total_seconds()) if running else 0.0
    return ConsequenceRunUnderWay(run.requested_at, running, run.total, run.done, seconds)


def consequence_run_started_at() -> datetime | None:
    """When the run over every organization that runs or waits was asked for; None when none does."""
    under_way = consequence_run_under_way()
    return None if under_way is None else under_way.requested_at


def top_organizations() -> list[Organization]:
    """The roots of the tree: a run covers every organization under them."""
    return list(Organization.objects.filter(depth=1).order_by("path"))


def consequence_run_may_request(user: User) -> bool:
    """Whether the user may ask for a run: the capability on a top organization (the district, or a province), read
    from the grants already loaded; the service checks every top organization when asked."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(len(path) == STEPLEN for path in capability_paths(user, RUN_CAPABILITY))  # a root's path
