"""The district ranking page and the committee's approval at Lengshuijiang's size (1,221 organizations).

Issue 6: the ranking page renders every organization of the campaign in at most 300 ms (median of repeated
renders through the test client) with a fixed number of queries; approving a recommended list of 1,221
organizations takes at most 2 s. The evaluations are put at the approval stage and given results by
INSERT … SELECT, so the set-up takes seconds.
"""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluations.models import (
    Campaign,
    CampaignStatus,
    EvaluationStatus,
    RecommendationStatus,
    RecommendedList,
    Transition,
)
from evaluations.services.approval import recommended_list_approve, recommended_list_build, recommended_list_submit
from evaluations.services.campaigns import campaign_create, campaign_open
from evaluations.services.quotas import five_star_cap_set
from orgs.permissions import assign_role
from orgs.roles import Role
from orgs.services.synthetic.build import synthetic_district_build
from scoring.services import template_load
from tests.bench import figure
from tests.bench._pages import timed_ranking
from tests.factories import UserFactory
from tests.support.scoring import TEMPLATES_DIR

ORGANIZATIONS = 1_221
STREETS = 12
RENDERS = 15
PAGE_TARGET_MS = 300
APPROVE_TARGET_S = 2.0
APPROVE_RUNS = 3

AT_APPROVAL_SQL = """
UPDATE evaluations_evaluation SET stage_id = stage.id, stage_entered_at = now()
FROM evaluations_campaignstage stage
WHERE stage.campaign_id = %(campaign)s AND stage.kind = 'approval' AND evaluations_evaluation.campaign_id = %(campaign)s
"""
RESULTS_SQL = """
INSERT INTO evaluations_evaluationresult
    (evaluation_id, stage, stars, total, points_max, grade, explanation, inputs_fingerprint, computed_at)
SELECT id, 'review', floor(random() * 6)::int, round((60 + random() * 40)::numeric, 2), 100, '',
       '{"lines": []}'::jsonb, 'bench', now()
FROM evaluations_evaluation WHERE campaign_id = %(campaign)s
"""


def _campaign() -> tuple[Campaign, object, object]:
    template = template_load(
        source_yaml=(TEMPLATES_DIR / "yucheng_4plus1_2018.yaml").read_text(encoding="utf-8"), by=None
    )
    built = synthetic_district_build(
        organizations=ORGANIZATIONS, members=0, streets=STREETS, seed=6, today=timezone.localdate()
    )
    admin = UserFactory(username="bench_district_admin")
    approver = UserFactory(username="bench_district_approver")
    assign_role(user=admin, role=Role.DISTRICT_ADMIN, organization=built.district)
    assign_role(user=approver, role=Role.DISTRICT_APPROVER, organization=built.district)
    campaign = campaign_create(name="排名与审定", template=template, scope=built.district, year=2026, by=admin)
    campaign = campaign_open(campaign=campaign, by=admin)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.6)")
        cursor.execute(AT_APPROVAL_SQL, {"campaign": campaign.pk})
        cursor.execute(RESULTS_SQL, {"campaign": campaign.pk})
        cursor.execute("ANALYZE")
    return campaign, admin, approver


def _ranking_page(campaign: Campaign, admin) -> dict:
    milliseconds, statements, rows = timed_ranking(campaign, admin, RENDERS)
    return figure(
        f"ranking_page_{ORGANIZATIONS}_ms",
        milliseconds,
        "ms",
        PAGE_TARGET_MS,
        queries=statements,
        rows=rows,
        renders=RENDERS,
    )


def _reset_approval(recommended_list: RecommendedList) -> None:
    """Undo one approval (and the campaign's completion) so the next run approves the same list again."""
    campaign = recommended_list.campaign
    Transition.objects.filter(evaluation__campaign=campaign).delete()
    campaign.evaluations.update(status=EvaluationStatus.IN_PROGRESS, approved_stars=None, approved_at=None)
    RecommendedList.objects.filter(pk=recommended_list.pk).update(
        status=RecommendationStatus.SUBMITTED, approved_by=None, approved_at=None
    )
    Campaign.objects.filter(pk=campaign.pk).update(published_at=None, status=CampaignStatus.OPEN)


def _approval(campaign: Campaign, admin, approver) -> dict:
    five_star_cap_set(campaign=campaign, cap="100", by=admin)
    recommended_list = recommended_list_build(campaign=campaign, by=admin)
    recommended_list = recommended_list_submit(recommended_list=recommended_list, by=admin)
    seconds, queries = [], 0
    for run in range(APPROVE_RUNS):
        if run:
            _reset_approval(recommended_list)
        recommended_list.refresh_from_db()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            recommended_list_approve(
                recommended_list=recommended_list, by=approver, lock_version=recommended_list.lock_version
            )
            seconds.append(time.perf_counter() - started)
        queries = len(captured)
    approved = campaign.evaluations.filter(status=EvaluationStatus.APPROVED).count()
    assert approved == ORGANIZATIONS, approved
    return figure(
        f"approve_list_{ORGANIZATIONS}_s",
        round(statistics.median(seconds), 3),
        "s",
        APPROVE_TARGET_S,
        queries=queries,
        approved=approved,
        transitions=Transition.objects.filter(evaluation__campaign=campaign).count(),
        runs=APPROVE_RUNS,
    )


def run() -> list[dict]:
    campaign, admin, approver = _campaign()
    return [_ranking_page(campaign, admin), _approval(campaign, admin, approver)]
