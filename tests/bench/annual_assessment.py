"""The annual assessment of 2,000 secretaries from their four approved quarterly totals (issue 12, seed 001): the
district's proposals made in at most 2 s on PostgreSQL, so the page's button answers at once without a task.

Three figures: the first run (every proposal created), a run after a tenth of the fourth quarters were recomputed
(those proposals updated) and a run with nothing to change. The queries are counted for 200 and for 2,000
secretaries: they must be the same number.
"""

from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from evaluations.models import (
    Campaign,
    CampaignStatus,
    Evaluation,
    EvaluationResult,
    EvaluationStatus,
    PeriodKind,
    Stage,
    SubjectKind,
)
from evaluations.services.secretary_stars.annual import annual_assessment_propose
from evaluations.services.secretary_stars.rule_sets import star_rule_set_load
from orgs.models import Organization, Secretary
from scoring.services import template_load
from tests.bench import figure
from tests.bench._secretaries import analyze, secretaries_add, timed_with_queries, two_streets

SECRETARIES = 2_000
SMALL = 200
YEAR = 2026
TARGET_S = 2.0
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _quarters(district: Organization, secretaries: list[Secretary]) -> None:
    """Four approved quarterly ratings per secretary, totals between 50 and 99."""
    template = template_load(
        source_yaml=(FIXTURES / "templates" / "jinyuan_secretary_quarterly.yaml").read_text(encoding="utf-8"), by=None
    )
    now = timezone.now()
    for quarter in (1, 2, 3, 4):
        campaign = Campaign.objects.create(
            name=f"{YEAR}年第{quarter}季度",
            template=template,
            scope=district,
            year=YEAR,
            period_kind=PeriodKind.QUARTER,
            period_number=quarter,
            subject_kind=SubjectKind.SECRETARY,
            procedure="secretary",
            status=CampaignStatus.OPEN,
        )
        evaluations = Evaluation.objects.bulk_create(
            Evaluation(
                campaign=campaign,
                organization_id=secretary.organization_id,
                subject_kind=SubjectKind.SECRETARY,
                secretary=secretary,
                template=template,
                status=EvaluationStatus.APPROVED,
                approved_stars=0,
                approved_at=now,
            )
            for secretary in secretaries
        )
        EvaluationResult.objects.bulk_create(
            EvaluationResult(
                evaluation=evaluation,
                stage=Stage.REVIEW,
                total=Decimal(50 + (index * 7 + quarter * 3) % 50),
                points_max=Decimal(100),
                explanation={},
                inputs_fingerprint="bench",
                computed_at=now,
            )
            for index, evaluation in enumerate(evaluations)
        )


def _timed(scope: Organization) -> tuple[float, object, int]:
    return timed_with_queries(lambda: annual_assessment_propose(scope=scope, year=YEAR, by=None))


def run() -> list[dict]:
    district, small_street, large_street = two_streets(YEAR)
    star_rule_set_load(
        source_yaml=(FIXTURES / "rule_sets" / "jinyuan_secretary_stars.yaml").read_text(encoding="utf-8"), by=None
    )
    secretaries = secretaries_add(small_street, SMALL, 0) + secretaries_add(large_street, SECRETARIES - SMALL, SMALL)
    _quarters(district, secretaries)
    analyze()
    _, small_run, small_queries = _timed(small_street)
    first_s, first, queries = _timed(district)
    recomputed = EvaluationResult.objects.filter(evaluation__campaign__period_number=4).order_by("pk")[::10]
    EvaluationResult.objects.filter(pk__in=[result.pk for result in recomputed]).update(total=Decimal(30))
    again_s, again, _ = _timed(district)
    idle_s, idle, idle_queries = _timed(district)
    return [
        figure(
            "annual_assessment_2000_secretaries_first_s",
            first_s,
            "s",
            TARGET_S,
            created=first.created,
            created_before=small_run.created,
            queries=queries,
            queries_for_200=small_queries,
        ),
        figure(
            "annual_assessment_2000_secretaries_after_recompute_s",
            again_s,
            "s",
            TARGET_S,
            updated=again.updated,
            created=again.created,
            withdrawn=again.withdrawn,
        ),
        figure(
            "annual_assessment_2000_secretaries_unchanged_s",
            idle_s,
            "s",
            TARGET_S,
            unchanged=idle.unchanged,
            queries=idle_queries,
        ),
        figure("annual_assessment_queries_200_vs_2000", queries - small_queries, "queries", 0),
    ]
