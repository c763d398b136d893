"""Shared set-up for the fortress index tests: Lengshuijiang's domain templates and monthly campaigns."""

from decimal import Decimal

from django.utils import timezone

from evaluations.models import Campaign, Evaluation, EvaluationResult, EvaluationStatus, PeriodKind
from evaluations.services.campaigns import campaign_create, campaign_open
from scoring.models import IndicatorTemplate
from scoring.services import templates_load
from tests.support.scoring import TEMPLATES_DIR


def fortress_templates() -> dict[str, IndicatorTemplate]:
    """The four domain templates of the Lengshuijiang fortress index, by domain."""
    loaded = templates_load(
        source_yaml=(TEMPLATES_DIR / "lengshuijiang_fortress_2023.yaml").read_text(encoding="utf-8"), by=None
    )
    return {template.applies_to["domains"][0]: template for template in loaded}


def open_fortress_month(district, templates, *, month: int, year: int = 2026) -> list[Campaign]:
    """This month's campaigns over the district's communities: one per domain that has communities."""
    admin = district.users["district_admin"]
    made = []
    for domain in ("urban_community", "village"):
        campaign = campaign_create(
            name=f"{year}年{month}月堡垒指数（{domain}）",
            template=templates[domain],
            scope=district.district,
            year=year,
            period_kind=PeriodKind.MONTH,
            period_number=month,
            levels=["community"],
            domains=[domain],
            by=admin,
        )
        made.append(campaign_open(campaign=campaign, by=admin))
    return made


def rate(campaign: Campaign, organization, stars: int, *, approved: bool = False) -> Evaluation:
    """Set-up only: the month's computed stars of an organization, approved or not."""
    evaluation = Evaluation.objects.get(campaign=campaign, organization=organization)
    EvaluationResult.objects.update_or_create(
        evaluation=evaluation,
        defaults={
            "stage": "review",
            "stars": stars,
            "total": Decimal(50 + 10 * stars),
            "points_max": Decimal(100),
            "explanation": {},
            "inputs_fingerprint": "test",
            "computed_at": timezone.now(),
        },
    )
    if approved:
        evaluation.status = EvaluationStatus.APPROVED
        evaluation.approved_stars = stars
        evaluation.approved_at = timezone.now()
        evaluation.save(update_fields=["status", "approved_stars", "approved_at"])
    return evaluation
