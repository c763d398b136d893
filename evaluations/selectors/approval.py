"""Reads of the recommended list that the services and the pages share: a batch's checks over the whole campaign,
the campaign's progress towards approval, its batches and the evaluations still outstanding."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from evaluations.models import (
    Campaign,
    Evaluation,
    EvaluationStatus,
    QuotaPenalty,
    RecommendationStatus,
    RecommendedEntry,
    RecommendedList,
)
from evaluations.rules.quotas import QuotaChecks, quota_checks
from evaluations.rules.workflow import StageKind
from evaluations.selectors.ranking import campaign_streets
from orgs.tree import street_path_of

# A batch is open while a draft or submitted; at most one per campaign.
OPEN_STATUSES = (RecommendationStatus.DRAFT, RecommendationStatus.SUBMITTED)


def recommended_list_checks(recommended_list: RecommendedList) -> QuotaChecks:
    """The checks of a batch as it stands now, over the whole campaign (see campaign_quota_checks)."""
    return campaign_quota_checks(
        recommended_list.campaign, cap=recommended_list.five_star_cap, recommended_list=recommended_list
    )


def campaign_quota_checks(
    campaign: Campaign, *, cap: Decimal, recommended_list: RecommendedList | None = None
) -> QuotaChecks:
    """The caps over the whole campaign: the places come from every organization the campaign rates (withdrawn ones
    left out); the five stars of the evaluations approved outside the batch count with the batch's (none without a
    batch: the approved ones alone). Five queries (streets, entries, approved, rated, penalties)."""
    streets = campaign_streets(campaign)
    street_by_path = {street.path: street.pk for street in streets}

    def street_of(path: str) -> int:
        return street_by_path.get(street_path_of(path), 0)

    entries = []
    approved_ones = Evaluation.objects.filter(campaign=campaign, status=EvaluationStatus.APPROVED)
    if recommended_list is not None:
        entries = [
            (street_of(path), stars)
            for path, stars in RecommendedEntry.objects.filter(recommended_list=recommended_list).values_list(
                "evaluation__organization__path", "stars"
            )
        ]
        approved_ones = approved_ones.exclude(recommendation__recommended_list=recommended_list)
    approved = [
        (street_of(path), stars) for path, stars in approved_ones.values_list("organization__path", "approved_stars")
    ]
    rated = [
        street_of(path)
        for path in Evaluation.objects.filter(campaign=campaign)
        .exclude(status=EvaluationStatus.WITHDRAWN)
        .values_list("organization__path", flat=True)
    ]
    penalties = dict(QuotaPenalty.objects.filter(campaign=campaign).values_list("street_id", "points"))
    names = {street.pk: street.name for street in streets}
    if 0 in rated:
        names[0] = _("Outside any street")
    return quota_checks(
        entries=entries,
        approved=approved,
        rated=rated,
        streets=names,
        cap=cap,
        penalties=penalties,
    )


@dataclass(frozen=True)
class ApprovalProgress:
    """Where a campaign's evaluations stand towards approval ("N of M at approval, K approved")."""

    evaluations: int
    at_approval: int
    ready: int
    approved: int
    withdrawn: int

    @property
    def complete(self) -> bool:
        return self.evaluations > 0 and self.approved + self.withdrawn == self.evaluations


def ready_for_a_batch(campaign: Campaign) -> QuerySet:
    """The evaluations a new batch is built from: at the approval stage, in progress, on no open batch (on no batch
    at all, or on an approved one before a revision reopened them)."""
    return Evaluation.objects.filter(
        campaign=campaign, stage__kind=StageKind.APPROVAL, status=EvaluationStatus.IN_PROGRESS
    ).exclude(recommendation__recommended_list__status__in=OPEN_STATUSES)


def approval_progress(campaign: Campaign) -> ApprovalProgress:
    """One query: how many evaluations the campaign has, wait at approval, are ready for a batch, are approved or
    withdrawn."""
    at_approval = Q(stage__kind=StageKind.APPROVAL, status=EvaluationStatus.IN_PROGRESS)
    counts = Evaluation.objects.filter(campaign=campaign).aggregate(
        evaluations=Count("pk"),
        at_approval=Count("pk", filter=at_approval),
        ready=Count("pk", filter=at_approval & ~Q(recommendation__recommended_list__status__in=OPEN_STATUSES)),
        approved=Count("pk", filter=Q(status=EvaluationStatus.APPROVED)),
        withdrawn=Count("pk", filter=Q(status=EvaluationStatus.WITHDRAWN)),
    )
    return ApprovalProgress(**counts)


def campaign_batches(campaign: Campaign) -> list[RecommendedList]:
    """The campaign's batches in order, each with its count of organizations and of five stars (one query)."""
    return list(
        RecommendedList.objects.filter(campaign=campaign)
        .select_related("approved_by")
        .annotate(
            organizations=Count("entries"),
            five_star=Count("entries", filter=Q(entries__stars=5)),
        )
        .order_by("number")
    )


def open_batch(campaign: Campaign) -> RecommendedList | None:
    """The campaign's batch still in draft or submitted, if any (at most one)."""
    return (
        RecommendedList.objects.filter(campaign=campaign)
        .filter(status__in=OPEN_STATUSES)
        .select_related("campaign", "built_by")
        .first()
    )


def evaluations_outstanding(campaign: Campaign) -> QuerySet:
    """The campaign's evaluations neither approved nor withdrawn, nor on the open batch: those the district may
    withdraw from the rating, with their stage."""
    return (
        Evaluation.objects.filter(campaign=campaign, status=EvaluationStatus.IN_PROGRESS)
        .exclude(recommendation__recommended_list__status__in=OPEN_STATUSES)
        .select_related("organization", "stage", "secretary", "member")
        .order_by("organization__path")
    )


def evaluations_withdrawn(campaign: Campaign) -> QuerySet:
    """The campaign's evaluations withdrawn from the rating, with who withdrew them and why."""
    return (
        Evaluation.objects.filter(campaign=campaign, status=EvaluationStatus.WITHDRAWN)
        .select_related("organization", "withdrawn_by", "secretary", "member")
        .order_by("organization__path")
    )
