"""Reads of campaigns, scoped to a user."""

from django.db.models import Count, Q, QuerySet

from evaluations.models import Campaign, Evaluation
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
