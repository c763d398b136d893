"""Set-up for the consequence tests: the shipped rule sets loaded, and approved results year by year."""

from datetime import datetime
from pathlib import Path

from django.utils import timezone

from evaluations.models import Campaign, Evaluation, EvaluationResult, EvaluationStatus
from orgs.models import CommitteeTerm, Organization
from scoring.consequence_rule_sets import consequence_rule_set_load
from tests.factories import CampaignFactory

RULES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "consequence_rules"
RULE_SETS = ("yucheng_3plus2", "lengshuijiang", "lengshuijiang_pioneer", "yantian")


def rule_sets_loaded(*names: str) -> None:
    for name in names or RULE_SETS:
        consequence_rule_set_load(source_yaml=(RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8"), by=None)


def yearly_campaign(scope: Organization, year: int) -> Campaign:
    """An opened yearly Yucheng campaign over the scope's communities (one evaluation each)."""
    return CampaignFactory(name=f"{year}年度评星定级", scope=scope, year=year, levels=["community"], opened=True)


def result_set(evaluation: Evaluation, stars: int) -> None:
    """Set-up only: the computed result of an evaluation, as the engine would have written it."""
    EvaluationResult.objects.update_or_create(
        evaluation=evaluation,
        defaults={
            "stage": "review",
            "stars": stars,
            "total": stars * 20,
            "points_max": 100,
            "inputs_fingerprint": f"test-{stars}",
            "computed_at": timezone.now(),
        },
    )


def approved(campaign: Campaign, organization: Organization, stars: int, *, on: datetime | None = None) -> Evaluation:
    """Set-up only: the organization's evaluation in the campaign approved with these stars."""
    evaluation = Evaluation.objects.get(campaign=campaign, organization=organization)
    result_set(evaluation, stars)
    evaluation.status, evaluation.approved_stars = EvaluationStatus.APPROVED, stars
    evaluation.approved_at = on or timezone.now()
    evaluation.save(update_fields=["status", "approved_stars", "approved_at"])
    return evaluation


def term(organization: Organization, start_year: int, end_year: int) -> CommitteeTerm:
    return CommitteeTerm.objects.create(organization=organization, start_year=start_year, end_year=end_year)
