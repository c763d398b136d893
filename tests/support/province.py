"""Set-up only: a small synthetic province (ORG_TREE_ROOT_LEVEL=province) with a campaign over all of it, every
evaluation scored and given a result, as seed_synthetic --province builds it at any size."""

import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from evaluations.management.synthetic_campaigns import synthetic_campaign_build, template_for
from evaluations.models import Campaign, Evaluation, EvaluationResult
from orgs.models import Organization
from orgs.services.synthetic.province import ProvinceShape, synthetic_province_build


@dataclass
class Province:
    root: Organization
    campaign: Campaign

    def first(self, level: str, within: Organization | None = None) -> Organization:
        organizations = Organization.objects.filter(level=level).order_by("path")
        if within is not None:
            organizations = organizations.filter(path__startswith=within.path)
        return organizations.first()


def build_province(shape: ProvinceShape, *, seed: int = 1) -> Province:
    """The province and a campaign over all of it, a result for every evaluation (totals drawn from the seed)."""
    built = synthetic_province_build(shape=shape, members=0, seed=seed, today=timezone.localdate())
    return Province(root=built.district, campaign=scored_campaign(built.district, seed=seed))


def scored_campaign(scope: Organization, *, seed: int = 1) -> Campaign:
    """A campaign over the scope on Yucheng's template, every evaluation scored and with a result."""
    campaign = synthetic_campaign_build(
        name=f"{scope.name}评星",
        template=template_for("yucheng_4plus1"),
        scope=scope,
        personalised=20,
        ballots_per_evaluation=0,
        seed=seed,
    ).campaign
    give_results(campaign, seed=seed)
    return campaign


def give_results(campaign: Campaign, *, seed: int) -> None:
    """Set-up only: a computed result for every evaluation of the campaign, in bulk."""
    rng = random.Random(seed)
    now = timezone.now()
    results = []
    for evaluation_id in Evaluation.objects.filter(campaign=campaign).order_by("pk").values_list("pk", flat=True):
        total = Decimal(rng.randint(6000, 10000)) / 100
        results.append(
            EvaluationResult(
                evaluation_id=evaluation_id,
                stage="review",
                stars=min(5, int(total // 18)),
                total=total,
                points_max=Decimal(100),
                grade="",
                explanation={"lines": []},
                inputs_fingerprint="test",
                computed_at=now,
            )
        )
    EvaluationResult.objects.bulk_create(results, batch_size=5000)
