"""Set-up for the ranking, recommended-list and approval tests: a campaign whose evaluations wait for approval."""

from decimal import Decimal

from django.utils import timezone

from evaluations.models import EvaluationResult
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign


def give_result(evaluation, *, total: str, stars: int):
    """Set-up only: the computed result of an evaluation, as the campaign computation would write it."""
    EvaluationResult.objects.update_or_create(
        evaluation=evaluation,
        defaults={
            "stage": "review",
            "stars": stars,
            "total": Decimal(total),
            "points_max": Decimal(100),
            "grade": "",
            "explanation": {"lines": []},
            "inputs_fingerprint": "test",
            "computed_at": timezone.now(),
        },
    )
    return evaluation


def campaign_awaiting_approval(district, results: dict | None = None, *, template=None):
    """The district's communities in a campaign, every evaluation at the approval stage with a result.

    ``results`` maps an organization attribute of ``district`` to (total, stars); by default the community
    95 points and 5 stars, its sibling 88 and 4, the other street's community 91 and 5.
    """
    results = results or {
        "community": ("95", 5),
        "sibling_community": ("88", 4),
        "other_community": ("91", 5),
    }
    campaign = open_community_campaign(district, template=template)
    for name, (total, stars) in results.items():
        evaluation = evaluation_of(campaign, getattr(district, name))
        at_stage(evaluation, "approval")
        give_result(evaluation, total=total, stars=stars)
    return campaign
