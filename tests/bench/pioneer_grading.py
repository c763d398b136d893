"""Grading a pioneer index campaign (先锋指数, seed 004): Lengshuijiang's 26,000 members of 1,221 organizations.

Issue 11: at most 10 s (goal 5 s) for 26,000 members in one campaign, with a query count that does not grow with
the members: a tenth of the size is measured too and must need the same number of statements.

Every member of a synthetic district is rated on the template of their category; each gets a submitted branch
review (points per item, a deduction for one in fifty) and a paper result of the democratic vote of their branch,
all written by INSERT … SELECT in PostgreSQL so that the set-up takes seconds.
"""

import statistics
import time

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from evaluations.models import Campaign, PioneerResult
from evaluations.services.campaigns import campaign_create, campaign_open
from evaluations.services.pioneer.grades import pioneer_grades_compute
from orgs.services.synthetic.build import synthetic_district_build
from tests.bench import figure
from tests.support.pioneer import pioneer_templates

# (organizations, members, target in seconds)
SIZES = ((130, 2_600, 10.0), (1_221, 26_000, 10.0))
GOAL_SECONDS = 5.0
STREETS = 12

REVIEWS_SQL = """
INSERT INTO evaluations_pioneersheet (evaluation_id, stage, points, deductions, statement, submitted_at, updated_at)
SELECT evaluation.id, 'branch_review',
       jsonb_build_object(
           'P1', 6 + floor(random() * 5), 'P2', 9 + floor(random() * 2),
           'D1', 6 + floor(random() * 5), 'D2', 8 + floor(random() * 3),
           'M1', 6 + floor(random() * 5), 'M2', 8 + floor(random() * 3),
           'C1', 6 + floor(random() * 5), 'C2', 8 + floor(random() * 3)),
       CASE WHEN random() < 0.02 THEN jsonb_build_object('R3', -2) ELSE '{}'::jsonb END,
       '', now(), now()
FROM evaluations_evaluation evaluation
WHERE evaluation.campaign_id = %(campaign)s
"""
VOTES_SQL = """
INSERT INTO evaluations_democraticvote
    (campaign_id, branch_id, status, option_codes, quorum, eligible_voters, paper_voters, opened_at, closed_at)
SELECT %(campaign)s, evaluation.organization_id, 'closed',
       '["excellent", "qualified", "basically_qualified", "unqualified"]'::jsonb, '2/3',
       count(*), count(*), now(), now()
FROM evaluations_evaluation evaluation
WHERE evaluation.campaign_id = %(campaign)s
GROUP BY evaluation.organization_id
"""
PAPER_SQL = """
INSERT INTO evaluations_democraticpapercount (vote_id, evaluation_id, option, count, entered_at)
SELECT vote.id, evaluation.id, option.code, floor(random() * 6)::int, now()
FROM evaluations_evaluation evaluation
JOIN evaluations_democraticvote vote
  ON vote.campaign_id = evaluation.campaign_id AND vote.branch_id = evaluation.organization_id
CROSS JOIN (VALUES ('excellent'), ('qualified'), ('basically_qualified'), ('unqualified')) AS option(code)
WHERE evaluation.campaign_id = %(campaign)s
"""


def _campaign(organizations: int, members: int, seed: int) -> Campaign:
    built = synthetic_district_build(
        organizations=organizations, members=members, streets=STREETS, seed=seed, today=timezone.localdate()
    )
    village = pioneer_templates()[0]
    campaign = campaign_create(
        name=f"{members} members", template=village, scope=built.district, year=2026, procedure="pioneer", by=None
    )
    campaign = campaign_open(campaign=campaign, by=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed / 1000])
        cursor.execute(REVIEWS_SQL, {"campaign": campaign.pk})
        cursor.execute(VOTES_SQL, {"campaign": campaign.pk})
        cursor.execute("ANALYZE evaluations_democraticvote, evaluations_evaluation")
        cursor.execute(PAPER_SQL, {"campaign": campaign.pk})
        cursor.execute("ANALYZE")
    return campaign


def _grade(campaign: Campaign) -> float:
    PioneerResult.objects.filter(evaluation__campaign=campaign).delete()
    started = time.perf_counter()
    graded = pioneer_grades_compute(campaign=campaign, by=None)
    seconds = time.perf_counter() - started
    assert graded == campaign.evaluations.count()
    return seconds


def _query_count(campaign: Campaign) -> int:
    PioneerResult.objects.filter(evaluation__campaign=campaign).delete()
    counted = []

    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        pioneer_grades_compute(campaign=campaign, by=None)
    return len(counted)


def run(sizes=SIZES, runs: int = 3) -> list[dict]:
    figures = []
    queries_by_size = []
    for seed, (organizations, members, target) in enumerate(sizes, start=1):
        started = time.perf_counter()
        campaign = _campaign(organizations, members, seed)
        setup_seconds = round(time.perf_counter() - started, 2)
        queries = _query_count(campaign)
        queries_by_size.append(queries)
        _grade(campaign)  # warm the caches once, unmeasured
        seconds = statistics.median(_grade(campaign) for _ in range(runs))
        grades = dict(
            PioneerResult.objects.filter(evaluation__campaign=campaign).values_list("grade").annotate(count=Count("pk"))
        )
        figures.append(
            figure(
                f"pioneer_grading_{campaign.evaluations.count()}_members_s",
                round(seconds, 3),
                "s",
                target,
                goal=GOAL_SECONDS,
                goal_ok=seconds <= GOAL_SECONDS,
                queries=queries,
                queries_constant=len(set(queries_by_size)) == 1,
                setup_s=setup_seconds,
                organizations=organizations,
                grades=grades,
            )
        )
    return figures
