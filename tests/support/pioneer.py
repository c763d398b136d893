"""Pioneer index (先锋指数) campaigns for tests: the shipped Lengshuijiang member templates, a campaign over the
demo district, and the democratic vote's result of a branch meeting seeded as paper counts."""

from decimal import Decimal

from django.utils import timezone

from evaluations.models import Campaign, DemocraticPaperCount, DemocraticVote, Evaluation
from evaluations.services.campaigns import campaign_create, campaign_open
from scoring.models import IndicatorTemplate
from scoring.services import templates_load
from tests.support.scoring import TEMPLATES_DIR

PIONEER_FILE = TEMPLATES_DIR / "lengshuijiang_pioneer_2023.yaml"


def pioneer_templates() -> list[IndicatorTemplate]:
    return templates_load(source_yaml=PIONEER_FILE.read_text(encoding="utf-8"), by=None)


def open_pioneer_campaign(district, *, categories=None, scope=None) -> Campaign:
    """A pioneer index campaign over the street (or ``scope``), opened by the system."""
    village = pioneer_templates()[0]
    campaign = campaign_create(
        name="2026年度党员先锋指数考评",
        template=village,
        scope=scope or district.street,
        year=2026,
        procedure="pioneer",
        member_categories=categories,
        by=None,
    )
    return campaign_open(campaign=campaign, by=None)


def full_review(evaluation: Evaluation, total: int = 100) -> dict[str, str]:
    """Points per index item adding up to ``total``, filled in the template's order."""
    left, points = Decimal(total), {}
    for _dimension, leaf in evaluation.template.as_definition().leaves():
        if leaf.kind == "deduction":
            continue
        points[leaf.code] = str(min(leaf.points_max, left))
        left -= Decimal(points[leaf.code])
    return points


def seed_vote(campaign: Campaign, branch, counts_by_evaluation: dict[int, dict[str, int]], voters: int) -> None:
    """The branch meeting's paper result, the vote closed: ``voters`` members voted, with these counts per member and
    option."""
    vote = DemocraticVote.objects.create(
        campaign=campaign,
        branch=branch,
        status="closed",
        closed_at=timezone.now(),
        option_codes=["excellent", "qualified", "basically_qualified", "unqualified"],
        eligible_voters=voters,
        paper_voters=voters,
    )
    DemocraticPaperCount.objects.bulk_create(
        DemocraticPaperCount(vote=vote, evaluation_id=pk, option=option, count=count)
        for pk, counts in counts_by_evaluation.items()
        for option, count in counts.items()
    )
