"""The consequence rule sets over 20,000 organizations with five years of results (issue 13: at most 10 s, goal 5 s).

Every community, branch and group of a synthetic district has a committee term and a secretary, and an approved
result in
each of five yearly campaigns (2021–2025): two in three on the Yucheng template (stars spread over 0–5), one in
three on a Yantian template (好/较好/一般/差). The four shipped rule sets are in use. Figures: the pure engine over
the gathered inputs; the whole job (set-based reads, the engine, the bulk writes) on a first run that writes every
consequence; and a second run that finds nothing to change.
"""

import time
from datetime import date

from django.db import connection
from django.utils import timezone

from evaluations.models import Consequence, Evaluation, EvaluationResult, EvaluationStatus, SubjectKind
from evaluations.selectors.consequence_inputs import active_rule_sets, chunk_inputs, gather_from
from evaluations.services.campaigns import campaign_create
from evaluations.services.consequences import consequences_apply
from orgs.models import CommitteeTerm, Level, Organization, Secretary
from orgs.services.synthetic.build import synthetic_district_build
from scoring.engine.consequences import rules_fire
from scoring.models import IndicatorTemplate
from scoring.services import templates_load
from tests.bench import figure
from tests.support.consequences import rule_sets_loaded
from tests.support.scoring import TEMPLATES_DIR

ORGANIZATIONS = 20_000
STREETS = 24
YEARS = range(2021, 2026)
TARGET_S = 10
GOAL_S = 5
GRADES = ("好", "较好", "一般", "差")


def _templates() -> tuple[IndicatorTemplate, IndicatorTemplate]:
    for name in ("yucheng_4plus1_2018.yaml", "yantian_quality.yaml"):
        templates_load(source_yaml=(TEMPLATES_DIR / name).read_text(encoding="utf-8"), by=None)
    return (
        IndicatorTemplate.objects.get(code="yucheng_4plus1"),
        IndicatorTemplate.objects.get(code="yantian_quality_community"),
    )


def secretaries_create(rated: list[int]) -> None:
    """A secretary in office since 2019 for each organization."""
    Secretary.objects.bulk_create(
        (
            Secretary(
                organization_id=pk,
                name=f"书记{pk}",
                id_card_encrypted="-",
                id_card_hash=f"bench-{pk:08d}",
                id_card_masked="-",
                started_on=date(2019, 1, 1),
            )
            for pk in rated
        ),
        batch_size=5000,
    )


def _district() -> list[int]:
    built = synthetic_district_build(
        organizations=ORGANIZATIONS, members=0, streets=STREETS, seed=13, today=date(2025, 12, 31)
    )
    rated = list(
        Organization.objects.filter(level__in=[Level.COMMUNITY, Level.BRANCH, Level.GROUP])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    secretaries_create(rated)
    groups = Organization.objects.filter(level=Level.GROUP).values_list("pk", flat=True)
    CommitteeTerm.objects.bulk_create(
        (CommitteeTerm(organization_id=pk, start_year=2021, end_year=2025) for pk in groups), batch_size=5000
    )
    return [built.district.pk, *rated]


def _results(district_id: int, rated: list[int], yucheng: IndicatorTemplate, yantian: IndicatorTemplate) -> int:
    now = timezone.now()
    scope = Organization.objects.get(pk=district_id)
    count = 0
    for year in YEARS:
        for template in (yucheng, yantian):
            campaign = campaign_create(
                name=f"{year} {template.code}", template=template, scope=scope, year=year, by=None
            )
            on_yantian = template.pk == yantian.pk
            chosen = [pk for pk in rated if (pk % 3 == 0) == on_yantian]
            evaluations = Evaluation.objects.bulk_create(
                (
                    Evaluation(
                        campaign=campaign,
                        organization_id=pk,
                        subject_kind=SubjectKind.ORGANIZATION,
                        template=template,
                        status=EvaluationStatus.APPROVED,
                        approved_stars=0 if on_yantian else (pk * 7 + year * 3) % 6,
                        approved_at=now,
                    )
                    for pk in chosen
                ),
                batch_size=5000,
            )
            if on_yantian:
                EvaluationResult.objects.bulk_create(
                    (
                        EvaluationResult(
                            evaluation=evaluation,
                            stage="review",
                            total=80,
                            points_max=100,
                            grade=GRADES[(evaluation.organization_id + year) % 4],
                            inputs_fingerprint="bench",
                            computed_at=now,
                        )
                        for evaluation in evaluations
                    ),
                    batch_size=5000,
                )
            count += len(evaluations)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return count


def _engine_seconds(organization_ids: list[int]) -> tuple[float, int]:
    rule_sets = active_rule_sets()
    gathered = gather_from(rule_sets, chunk_inputs(rule_sets, organization_ids, every_id=False), organization_ids)
    by_set = {each.rule_set.pk: each for each in rule_sets}
    started = time.perf_counter()
    firings = 0
    for (rule_set_id, organization_id, _member), subject in gathered.subjects.items():
        rules = [pure for _rule, pure in by_set[rule_set_id].rules]
        firings += len(rules_fire(rules, subject.results, terms=gathered.terms.get(organization_id, ())))
    return time.perf_counter() - started, firings


def run() -> list[dict]:
    yucheng, yantian = _templates()
    rule_sets_loaded()
    organization_ids = _district()
    results = _results(organization_ids[0], organization_ids[1:], yucheng, yantian)
    engine, firings = _engine_seconds(organization_ids)  # wall time of the pure engine alone
    started, cpu = time.perf_counter(), time.process_time()
    first = consequences_apply(organization_ids=None, cause="bench")
    first_seconds, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    again = consequences_apply(organization_ids=None, cause="bench")
    again_seconds, again_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert first.added == firings == Consequence.objects.count(), (first.added, firings)
    assert (again.added, again.updated, again.withdrawn) == (0, 0, 0), again
    common = {"organizations": len(organization_ids) - 1, "results": results, "consequences": first.added}
    return [
        figure("consequence_engine_20000_orgs_5_years_s", round(engine, 2), "s", GOAL_S, **common),
        figure(
            "consequences_apply_20000_orgs_5_years_s",
            round(first_seconds, 2),
            "s",
            TARGET_S,
            goal=GOAL_S,
            python_cpu_s=round(first_cpu, 2),
            **common,
        ),
        figure(
            "consequences_rerun_20000_orgs_5_years_s",
            round(again_seconds, 2),
            "s",
            TARGET_S,
            goal=GOAL_S,
            python_cpu_s=round(again_cpu, 2),
            **common,
        ),
    ]
