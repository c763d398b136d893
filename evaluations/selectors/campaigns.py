"""Reads of campaigns, scoped to a user."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, Q, QuerySet
from django.utils import timezone

from evaluations.models import Campaign, CampaignComputation, ComputationStatus, Evaluation, StreetStatus
from orgs.models import User
from orgs.permissions import Capability, capability_paths, has_capability
from orgs.tree import STEPLEN, district_path_length


def campaigns_visible_to(user: User) -> QuerySet:
    """The campaigns a user sees, on the pages and in the API alike: one statement.

    A campaign is seen from a subtree when its scope contains the subtree or lies within it. From a
    district-wide subtree (or a city's, a province's) that is every campaign within it; from a street or below,
    at least one organization of the subtree must also take part (have an evaluation), so a draft or another
    street's campaign stays hidden there. Below a root, a wider campaign (a province's, seen from a city or a
    district) shows where the subtree takes part. Taking part implies the first condition: the organization
    lies within the campaign's scope and within the subtree, so one of the two contains the other.
    """
    if not has_capability(user, Capability.VIEW_EVALUATIONS):
        return Campaign.objects.none()
    if user.is_superuser:
        return Campaign.objects.all()
    paths = capability_paths(user, Capability.VIEW_EVALUATIONS)
    condition = Q(pk__in=[])
    taking_part = Q(pk__in=[])
    for path in paths:
        if len(path) <= district_path_length():
            condition |= Q(scope__path__startswith=path)
        if len(path) > STEPLEN:  # below a root: a wider campaign (a province's) shows where the subtree takes part
            taking_part |= Q(organization__path__startswith=path)
    if any(len(path) > STEPLEN for path in paths):
        condition |= Q(pk__in=Evaluation.objects.filter(taking_part).values("campaign_id"))
    return Campaign.objects.filter(condition)


def evaluations_per_stage(campaign: Campaign) -> dict[int, dict[str, int]]:
    """How many of the campaign's evaluations sit at each stage, in progress and approved: one query."""
    counts: dict[int, dict[str, int]] = {}
    rows = Evaluation.objects.filter(campaign=campaign).values_list("stage_id", "status").annotate(n=Count("pk"))
    for stage_id, status, n in rows.order_by():
        counts.setdefault(stage_id, {})[status] = n
    return counts


@dataclass(frozen=True)
class ComputationProgress:
    """The campaign's last computation as its page shows it: streets done of all, and the time taken."""

    status: str
    streets_total: int
    streets_done: int
    streets_failed: int
    seconds: float  # from its start to its end, or to now while it runs
    finished_at: datetime | None
    waiting: bool  # a request waits to start after it


def campaign_computation_progress(campaign: Campaign, now: datetime | None = None) -> ComputationProgress | None:
    """The last computation started for the campaign with its streets counted, and whether a request waits: one
    query whatever the number of streets; None when none was ever asked for."""
    computations = CampaignComputation.objects.filter(campaign=campaign)
    last = (
        computations.annotate(
            total=Count("streets"),
            done=Count("streets", filter=Q(streets__status=StreetStatus.DONE)),
            failed=Count("streets", filter=Q(streets__status=StreetStatus.FAILED)),
            waiting=Exists(computations.filter(status=ComputationStatus.PENDING)),
        )
        .order_by(F("started_at").desc(nulls_last=True), "-pk")
        .first()
    )
    if last is None:
        return None
    if last.started_at is None:  # only a request waiting, none started yet
        return ComputationProgress(ComputationStatus.PENDING, 0, 0, 0, 0.0, None, waiting=True)
    until = last.finished_at or now or timezone.now()
    return ComputationProgress(
        status=last.status,
        streets_total=last.total,
        streets_done=last.done,
        streets_failed=last.failed,
        seconds=max(0.0, (until - last.started_at).total_seconds()),
        finished_at=last.finished_at,
        waiting=last.waiting,
    )
