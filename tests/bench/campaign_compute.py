"""Computing a campaign: Lengshuijiang's size (1,221 organizations) and a 20,000-organization district.

Issue 3: at most 0.5 s and 5 s, with a query count that does not grow with the number of organizations,
and at most 4 times the floor: one hand-written SQL statement that aggregates the same review scores per
evaluation and dimension and upserts one row per pair into a scratch table, timed in the same run.

The campaigns rate every organization of a synthetic district on the Yucheng template: 37 sub-items of the
template and 20 personalised ones under its "+1" dimension, each with a review score, and a survey with
its ballots per evaluation. The scores
and ballots are written by INSERT … SELECT in PostgreSQL, so the set-up takes seconds, not minutes.

Issue 14: with Redis, the larger campaign is computed again through the broker by one and by two real worker
processes (computing street by street at once): both times, the speed-up, the slowest street's time, and what
8, 32 and 128 workers would take from the street times measured.
"""

import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created
from django.utils import timezone

from evaluations.models import Campaign, CampaignComputation, EvaluationResult
from evaluations.services.campaigns import campaign_create, campaign_open
from evaluations.services.compute.request import campaign_compute_run
from orgs.services.synthetic.build import synthetic_district_build
from scoring.models import IndicatorTemplate
from scoring.services import template_load
from tests.bench import figure
from tests.bench._workers import BenchWorkers, expected_seconds, street_seconds
from tests.support.scoring import TEMPLATES_DIR

# (organizations, ballots, target in seconds); the streets stay the same so only the organizations grow.
SIZES = ((1_221, 26_000, 0.5), (20_000, 400_000, 5.0))
STREETS = 12
RATIO_TARGET = 4
OPTIONS = ("satisfied", "fairly_satisfied", "fair", "unsatisfied")

# Yucheng's "+1" dimension E: the street sets 10, 6 and 4 one-point sub-items under E1, E2 and E3.
PERSONALISED_SQL = """
INSERT INTO evaluations_personalizeditem
    (campaign_id, organization_id, parent_code, dimension_code, code, name, points_max, standard, "order", updated_at)
SELECT evaluation.campaign_id, evaluation.organization_id, parent.code, 'E', parent.code || '.' || number,
       '重点任务' || number, 1, '', number, now()
FROM evaluations_evaluation evaluation
CROSS JOIN (VALUES ('E1', 10), ('E2', 6), ('E3', 4)) AS parent(code, sub_items)
CROSS JOIN LATERAL generate_series(1, parent.sub_items) AS number
WHERE evaluation.campaign_id = %(campaign)s
"""
SCORES_SQL = """
INSERT INTO evaluations_score (evaluation_id, item_id, stage, points, note, updated_at)
SELECT evaluation.id, item.id, 'review', floor(item.points_max * (0.8 + 0.21 * random()) * 2) / 2, '', now()
FROM evaluations_evaluation evaluation
CROSS JOIN scoring_indicatoritem item
WHERE evaluation.campaign_id = %(campaign)s AND item.template_id = %(template)s
  AND item.is_leaf AND NOT item.is_veto AND item.level <> 'dimension' AND item.dimension_code <> 'E'
"""
PERSONALISED_SCORES_SQL = """
INSERT INTO evaluations_score (evaluation_id, personalized_item_id, stage, points, note, updated_at)
SELECT evaluation.id, personalised.id, 'review', floor(1.5 + random() * 1.5) / 2, '', now()
FROM evaluations_evaluation evaluation
JOIN evaluations_personalizeditem personalised
  ON personalised.campaign_id = evaluation.campaign_id AND personalised.organization_id = evaluation.organization_id
WHERE evaluation.campaign_id = %(campaign)s
"""
SURVEYS_SQL = """
INSERT INTO evaluations_survey (evaluation_id, rater_group, opens_at, closes_at, status, option_codes, created_at)
SELECT id, '', now(), now() + interval '3 days', 'closed', %(options)s::jsonb, now()
FROM evaluations_evaluation WHERE campaign_id = %(campaign)s
"""
BALLOTS_SQL = """
INSERT INTO evaluations_ballot (id, survey_id, option, rater_group, cast_on)
SELECT gen_random_uuid(), survey.id, (%(options)s::text[])[1 + floor(random() * 4)::int], '', current_date
FROM evaluations_survey survey
JOIN evaluations_evaluation evaluation ON evaluation.id = survey.evaluation_id
CROSS JOIN generate_series(1, %(per_survey)s)
WHERE evaluation.campaign_id = %(campaign)s
"""
FLOOR_TABLE_SQL = """
CREATE TABLE IF NOT EXISTS bench_dimension_total (
    evaluation_id bigint NOT NULL, dimension_code varchar(64) NOT NULL, total numeric(7, 2) NOT NULL,
    PRIMARY KEY (evaluation_id, dimension_code)
)
"""
# The floor: the same review scores, aggregated per evaluation and dimension and upserted, in one statement.
FLOOR_SQL = """
INSERT INTO bench_dimension_total (evaluation_id, dimension_code, total)
SELECT score.evaluation_id, COALESCE(item.dimension_code, personalised.dimension_code), sum(score.points)
FROM evaluations_score score
JOIN evaluations_evaluation evaluation ON evaluation.id = score.evaluation_id
LEFT JOIN scoring_indicatoritem item ON item.id = score.item_id
LEFT JOIN evaluations_personalizeditem personalised ON personalised.id = score.personalized_item_id
WHERE evaluation.campaign_id = %(campaign)s AND score.stage = 'review'
GROUP BY score.evaluation_id, COALESCE(item.dimension_code, personalised.dimension_code)
ON CONFLICT (evaluation_id, dimension_code) DO UPDATE SET total = EXCLUDED.total
"""


def synthetic_campaign(template: IndicatorTemplate, organizations: int, ballots: int, seed: int) -> Campaign:
    """A district of the given size, a campaign over all of it, review scores for every sub-item, ballots."""
    built = synthetic_district_build(
        organizations=organizations, members=0, streets=STREETS, seed=seed, today=timezone.localdate()
    )
    campaign = campaign_create(
        name=f"{organizations} organizations", template=template, scope=built.district, year=2026, by=None
    )
    campaign = campaign_open(campaign=campaign, by=None)
    parameters = {
        "campaign": campaign.pk,
        "template": template.pk,
        "options": list(OPTIONS),
        "per_survey": ballots // organizations,
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed / 1000])
        cursor.execute(PERSONALISED_SQL, parameters)
        # Fresh statistics after each large insert, or the next join is planned as if the tables were empty.
        cursor.execute("ANALYZE evaluations_evaluation, evaluations_personalizeditem")
        cursor.execute(SCORES_SQL, parameters)
        cursor.execute(PERSONALISED_SCORES_SQL, parameters)
        cursor.execute(SURVEYS_SQL, parameters | {"options": '["' + '","'.join(OPTIONS) + '"]'})
        cursor.execute("ANALYZE evaluations_survey")
        cursor.execute(BALLOTS_SQL, parameters)
        cursor.execute("ANALYZE")
    return campaign


def _compute_from_scratch(campaign: Campaign) -> float:
    """Seconds for one full computation: no result yet, so every evaluation's row is written."""
    EvaluationResult.objects.filter(evaluation__campaign=campaign).delete()
    CampaignComputation.objects.create(campaign=campaign)
    started = time.perf_counter()
    computation = campaign_compute_run(campaign_id=campaign.pk)
    seconds = time.perf_counter() - started
    assert computation is not None and computation.results_written == computation.evaluations_count
    return seconds


def _compute_unchanged(campaign: Campaign) -> float:
    """Seconds for a computation whose inputs did not change: everything is read and computed, nothing written."""
    CampaignComputation.objects.create(campaign=campaign)
    started = time.perf_counter()
    computation = campaign_compute_run(campaign_id=campaign.pk)
    seconds = time.perf_counter() - started
    assert computation is not None and computation.results_written == 0
    return seconds


def _floor(campaign: Campaign) -> float:
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_TABLE_SQL)
        cursor.execute("TRUNCATE bench_dimension_total")
        started = time.perf_counter()
        cursor.execute(FLOOR_SQL, {"campaign": campaign.pk})
        return time.perf_counter() - started


def _query_count(campaign: Campaign) -> int:
    """The statements of one computation on every connection it uses (the next street is read on a second one)."""
    EvaluationResult.objects.filter(evaluation__campaign=campaign).delete()
    CampaignComputation.objects.create(campaign=campaign)
    counted = []

    def count(execute, sql, params, many, context):
        counted.append(sql)  # list.append is atomic: safe from both threads
        return execute(sql, params, many, context)

    def count_on_new_connection(sender, connection, **kwargs):
        connection.execute_wrappers.append(count)

    connection_created.connect(count_on_new_connection)
    try:
        with connection.execute_wrapper(count):
            campaign_compute_run(campaign_id=campaign.pk)
    finally:
        connection_created.disconnect(count_on_new_connection)
    return len(counted)


def _counts(campaign: Campaign) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM evaluations_score score JOIN evaluations_evaluation evaluation"
            " ON evaluation.id = score.evaluation_id WHERE evaluation.campaign_id = %(campaign)s),"
            " (SELECT count(*) FROM evaluations_ballot ballot JOIN evaluations_survey survey"
            " ON survey.id = ballot.survey_id JOIN evaluations_evaluation evaluation"
            " ON evaluation.id = survey.evaluation_id WHERE evaluation.campaign_id = %(campaign)s)",
            {"campaign": campaign.pk},
        )
        scores, ballots = cursor.fetchone()
    return {"evaluations": campaign.evaluations.count(), "score_rows": scores, "ballots": ballots}


def _workers_time(campaign: Campaign, count: int, runs: int) -> tuple[float, list[float]]:
    """Seconds for a full computation through the broker by ``count`` real worker processes (started beforehand),
    the median of ``runs`` after one unmeasured, and the street times of the last run."""
    with tempfile.TemporaryDirectory() as logs:
        workers = BenchWorkers(count, Path(logs))
        try:
            timings = []
            for _ in range(runs + 1):
                seconds, computation = workers.compute_from_scratch(campaign.pk)
                timings.append(seconds)
                assert computation.results_written == computation.evaluations_count, computation.error
        finally:
            workers.stop()
    return statistics.median(timings[1:]), street_seconds(computation)


def _workers_figure(campaign: Campaign, organizations: int, runs: int) -> dict:
    """One and two worker processes on the same campaign: both times, the speed-up, the slowest street, and from
    the street times what more workers would take (each street is one worker's: the slowest one bounds it)."""
    one, _streets = _workers_time(campaign, 1, runs)
    two, streets = _workers_time(campaign, 2, runs)
    expected = {f"expected_{n}_workers_s": round(expected_seconds(streets, n), 3) for n in (8, 32, 128)}
    return figure(
        f"campaign_compute_{organizations}_orgs_two_workers_s",
        round(two, 3),
        "s",
        one_worker_s=round(one, 3),
        speed_up=round(one / two, 2),
        streets=len(streets),
        slowest_street_s=round(max(streets), 3),
        **expected,
    )


def run(sizes=SIZES, runs: int = 3) -> list[dict]:
    template = template_load(
        source_yaml=(TEMPLATES_DIR / "yucheng_4plus1_2018.yaml").read_text(encoding="utf-8"), by=None
    )
    figures = []
    for seed, (organizations, ballots, target) in enumerate(sizes, start=1):
        started = time.perf_counter()
        campaign = synthetic_campaign(template, organizations, ballots, seed)
        setup_seconds = round(time.perf_counter() - started, 2)
        queries = _query_count(campaign)
        _compute_from_scratch(campaign)  # warm the caches once, unmeasured
        compute = statistics.median(_compute_from_scratch(campaign) for _ in range(runs))
        unchanged = statistics.median(_compute_unchanged(campaign) for _ in range(runs))
        _floor(campaign)
        floor = statistics.median(_floor(campaign) for _ in range(runs))
        figures.append(
            figure(
                f"campaign_compute_{organizations}_orgs_s",
                round(compute, 3),
                "s",
                target,
                queries=queries,
                unchanged_s=round(unchanged, 3),
                floor_s=round(floor, 3),
                ratio_to_floor=round(compute / floor, 2),
                ratio_target=RATIO_TARGET,
                ratio_ok=compute / floor <= RATIO_TARGET,
                setup_s=setup_seconds,
                **_counts(campaign),
            )
        )
    if settings.REDIS_URL:  # real workers need a broker between processes
        figures.append(_workers_figure(campaign, organizations, runs=2))
    return figures
