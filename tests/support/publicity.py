"""Set-up for the publicity tests: a campaign with a community publicised, and the street's public page."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from evaluations.models import EvaluationResult
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign


def publicised(district, *, stars: int = 4, total: str = "92.5"):
    """A campaign where the street's first community is publicised with a result; the others are not."""
    campaign = open_community_campaign(district)
    evaluation = at_stage(evaluation_of(campaign, district.community), "publicity")
    EvaluationResult.objects.create(
        evaluation=evaluation,
        stage="review",
        stars=stars,
        total=Decimal(total),
        points_max=Decimal(100),
        inputs_fingerprint="test",
        computed_at=timezone.now(),
    )
    return campaign, evaluation


def public_url(campaign, street) -> str:
    return reverse("evaluations:publicity_public", kwargs={"campaign_id": campaign.pk, "street_code": street.code})
