"""Reads of a street's publicity (公示): the public page's street and window, the evaluations at the publicity stage,
the objections with their contacts masked. No writes: filing, answering and closing are in
``evaluations.services.publicity``."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import Campaign, CampaignStage, Evaluation, EvaluationStatus, Objection
from evaluations.models.campaigns import CampaignStatus
from evaluations.rules.workflow import StageKind
from orgs.models import Level, Organization
from orgs.personal_data import decrypt, mask_phone


@dataclass
class Publicity:
    """One street's publicity in one campaign: the evaluations at the publicity stage and the window."""

    campaign: Campaign
    street: Organization
    evaluations: list[Evaluation] = field(default_factory=list)
    stage: CampaignStage | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None  # the earliest moment the publicity may close

    @property
    def is_open(self) -> bool:
        return bool(self.evaluations)


def publicity_street(campaign_id: int, street_code: str) -> tuple[Campaign, Organization]:
    """The open campaign and the street taking part in it, else 404: a draft or an unknown street shows nothing."""
    campaign = Campaign.objects.select_related("scope").filter(pk=campaign_id, status=CampaignStatus.OPEN).first()
    street = Organization.objects.filter(code=street_code, level=Level.STREET).first()
    if campaign is None or street is None:
        raise Http404(_("No such publicity."))
    inside = street.path.startswith(campaign.scope.path) or campaign.scope.path.startswith(street.path)
    if not inside:
        raise Http404(_("No such publicity."))
    return campaign, street


def publicity_of(campaign: Campaign, street: Organization) -> Publicity:
    """The street's evaluations now at the publicity stage with their results, in one query, and the window.

    The window starts when the first organization entered publicity and may close ``min_days`` after the last.
    """
    evaluations = list(
        Evaluation.objects.filter(
            campaign=campaign,
            organization__path__startswith=street.path,
            stage__kind=StageKind.PUBLICITY,
            status=EvaluationStatus.IN_PROGRESS,
        )
        .select_related("organization", "result", "stage")
        .order_by("organization__path")
    )
    publicity = Publicity(campaign=campaign, street=street, evaluations=evaluations)
    if evaluations:
        publicity.stage = evaluations[0].stage
        entered = [evaluation.stage_entered_at or timezone.now() for evaluation in evaluations]
        publicity.starts_at = min(entered)
        publicity.ends_at = max(entered) + timedelta(days=publicity.stage.min_days)
    return publicity


def street_objections(campaign: Campaign, street: Organization) -> list[Objection]:
    """Every objection on the street's evaluations in the campaign, unanswered first, oldest first: one query."""
    objections = Objection.objects.filter(
        evaluation__campaign=campaign, evaluation__organization__path__startswith=street.path
    ).select_related("evaluation__organization", "evaluation__secretary", "evaluation__member", "answered_by")
    return sorted(
        objections, key=lambda objection: (objection.answered_at is not None, objection.filed_at, objection.pk)
    )


def open_objection_counts(evaluation_ids) -> dict[int, int]:
    """Unanswered objections per evaluation, in one aggregate query."""
    rows = (
        Objection.objects.filter(evaluation_id__in=list(evaluation_ids), answered_at__isnull=True)
        .values("evaluation_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["evaluation_id"]: row["count"] for row in rows}


def objection_contact_masked(objection: Objection) -> str:
    """The contact as pages and exports show it: first 3 and last 4 digits only."""
    if not objection.contact:
        return ""
    try:
        phone = decrypt(objection.contact)
    except Exception:  # a value stored before encryption, or with another key: still never shown whole
        phone = objection.contact
    return mask_phone(phone)
