"""The fortress index month by month at Lengshuijiang's size: 1,221 organizations rated in 12 monthly campaigns.

Seed 004: the fortress index is scored every month. Eleven months are opened from January through the district's
"open next month" (timed), results are written by INSERT … SELECT (the first nine months approved), then the
district's trend page (first page of 100 organizations), the API's first page and the .xlsx of every organization
are timed (median of repeated requests through the test client) with their query counts.
"""

import statistics
import time

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Evaluation, PeriodKind
from evaluations.services.campaigns import campaign_create, campaign_open
from evaluations.services.fortress import fortress_month_open_next
from orgs.permissions import assign_role
from orgs.roles import Role
from orgs.services.synthetic.build import synthetic_district_build
from scoring.services import templates_load
from tests.bench import figure
from tests.bench._pages import timed_page
from tests.factories import UserFactory
from tests.support.scoring import TEMPLATES_DIR

ORGANIZATIONS = 1_221
STREETS = 12
MONTHS = 12
APPROVED_MONTHS = 9
RENDERS = 9
PAGE_TARGET_MS = 300
API_TARGET_MS = 300
EXPORT_TARGET_S = 2.0
NEXT_MONTH_TARGET_S = 2.0

RESULTS_SQL = """
INSERT INTO evaluations_evaluationresult
    (evaluation_id, stage, stars, total, points_max, grade, explanation, inputs_fingerprint, computed_at)
SELECT evaluation.id, 'review', 1 + floor(random() * 5)::int, round((55 + random() * 45)::numeric, 2), 100, '',
       '{"lines": []}'::jsonb, 'bench', now()
FROM evaluations_evaluation evaluation WHERE evaluation.campaign_id = ANY(%(campaigns)s)
"""
APPROVED_SQL = """
UPDATE evaluations_evaluation evaluation SET status = 'approved', approved_stars = result.stars, approved_at = now()
FROM evaluations_evaluationresult result
WHERE result.evaluation_id = evaluation.id AND evaluation.campaign_id = ANY(%(campaigns)s)
"""


def _series():
    template = templates_load(
        source_yaml=(TEMPLATES_DIR / "lengshuijiang_fortress_2023.yaml").read_text(encoding="utf-8"), by=None
    )[1]
    built = synthetic_district_build(
        organizations=ORGANIZATIONS, members=0, streets=STREETS, seed=8, today=timezone.localdate()
    )
    admin = UserFactory(username="bench_fortress_admin")
    assign_role(user=admin, role=Role.DISTRICT_ADMIN, organization=built.district)
    january = campaign_create(
        name="2026年1月堡垒指数",
        template=template,
        scope=built.district,
        year=2026,
        period_kind=PeriodKind.MONTH,
        period_number=1,
        by=admin,
    )
    campaigns = [campaign_open(campaign=january, by=admin)]
    seconds = []
    for _month in range(2, MONTHS + 1):
        started = time.perf_counter()
        campaigns.extend(fortress_month_open_next(campaign=campaigns[-1], by=admin))
        seconds.append(time.perf_counter() - started)
    ids = [campaign.pk for campaign in campaigns]
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.8)")
        cursor.execute(RESULTS_SQL, {"campaigns": ids})
        cursor.execute(APPROVED_SQL, {"campaigns": ids[:APPROVED_MONTHS]})
        cursor.execute("ANALYZE")
    opened = figure(
        f"fortress_next_month_{ORGANIZATIONS}_s",
        round(statistics.median(seconds), 3),
        "s",
        NEXT_MONTH_TARGET_S,
        evaluations_per_month=Evaluation.objects.filter(campaign_id=ids[-1]).count(),
        months=len(campaigns),
    )
    return campaigns, admin, opened


def _timed(client: Client, url: str) -> tuple[float, int, object]:
    milliseconds, statements, response = timed_page(client, url, RENDERS)
    assert response.status_code == 200, response.status_code
    return milliseconds, statements, response


def run() -> list[dict]:
    campaigns, admin, opened = _series()
    client = Client(SERVER_NAME="localhost")
    client.force_login(admin)
    latest = campaigns[-1]
    page_ms, page_queries, page = _timed(client, reverse("evaluations:fortress_trend", kwargs={"pk": latest.pk}))
    rows = page.content.decode().count('<td class="trend">')
    api_ms, api_queries, api = _timed(client, reverse("api-fortress-trend-list") + f"?campaign={latest.pk}")
    export_ms, export_queries, export = _timed(
        client, reverse("evaluations:fortress_trend_export", kwargs={"pk": latest.pk})
    )
    return [
        opened,
        figure(
            f"fortress_trend_page_{ORGANIZATIONS}x{MONTHS}_ms",
            round(page_ms, 1),
            "ms",
            PAGE_TARGET_MS,
            queries=page_queries,
            rows_on_page=rows,
            organizations=api.json()["count"],
            renders=RENDERS,
        ),
        figure(
            f"fortress_trend_api_{ORGANIZATIONS}x{MONTHS}_ms",
            round(api_ms, 1),
            "ms",
            API_TARGET_MS,
            queries=api_queries,
            renders=RENDERS,
        ),
        figure(
            f"fortress_trend_export_{ORGANIZATIONS}x{MONTHS}_s",
            round(export_ms / 1000, 3),
            "s",
            EXPORT_TARGET_S,
            queries=export_queries,
            bytes=len(export.content),
            renders=RENDERS,
        ),
    ]
