"""The district's home page (its dashboard) at Lengshuijiang's size (1,221 organizations in 12 streets).

Issue 9: the district organization department's home, with each street's progress of an open campaign and the work
waiting for it, renders in at most 300 ms (median of repeated renders through the test client) with a fixed number
of queries. The evaluations are spread over the campaign's stages, some approved, by UPDATE, so the set-up takes
seconds.
"""

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Campaign
from evaluations.services.campaigns import campaign_create, campaign_open
from orgs.permissions import assign_role
from orgs.roles import Role
from orgs.services.synthetic.build import synthetic_district_build
from scoring.services import template_load
from tests.bench import figure
from tests.bench._pages import timed_page
from tests.factories import UserFactory
from tests.support.scoring import TEMPLATES_DIR

ORGANIZATIONS = 1_221
STREETS = 12
RENDERS = 15
PAGE_TARGET_MS = 300

AT_STAGE_SQL = """
UPDATE evaluations_evaluation SET stage_id = %(stage)s, stage_entered_at = now()
WHERE campaign_id = %(campaign)s AND id %% %(stages)s = %(index)s
"""
APPROVED_SQL = """
UPDATE evaluations_evaluation SET status = 'approved', approved_stars = 4, approved_at = now()
WHERE campaign_id = %(campaign)s AND stage_id = %(stage)s AND id %% 2 = 0
"""


def _campaign() -> tuple[Campaign, object]:
    template = template_load(
        source_yaml=(TEMPLATES_DIR / "yucheng_4plus1_2018.yaml").read_text(encoding="utf-8"), by=None
    )
    built = synthetic_district_build(
        organizations=ORGANIZATIONS, members=0, streets=STREETS, seed=9, today=timezone.localdate()
    )
    admin = UserFactory(username="bench_district_admin")
    assign_role(user=admin, role=Role.DISTRICT_ADMIN, organization=built.district)
    campaign = campaign_create(name="各街道进度", template=template, scope=built.district, year=2026, by=admin)
    campaign = campaign_open(campaign=campaign, by=admin)
    stages = list(campaign.stages.order_by("order").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        for index, stage in enumerate(stages):
            cursor.execute(
                AT_STAGE_SQL, {"stage": stage, "campaign": campaign.pk, "stages": len(stages), "index": index}
            )
        cursor.execute(APPROVED_SQL, {"campaign": campaign.pk, "stage": stages[-1]})
        cursor.execute("ANALYZE")
    return campaign, admin


def _dashboard(campaign: Campaign, admin) -> dict:
    client = Client(SERVER_NAME="localhost")
    client.force_login(admin)
    milliseconds, statements, response = timed_page(client, reverse("home"), RENDERS)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    streets = html.count('<th scope="row">') - 1  # the total row; the district's own evaluation has a row too
    assert streets >= STREETS, f"the page shows every street: {streets}"
    assert f'<td class="num">{campaign.evaluations.count()}</td>' in html, "the total counts every organization"
    return figure(
        f"district_dashboard_{ORGANIZATIONS}_ms",
        milliseconds,
        "ms",
        PAGE_TARGET_MS,
        queries=statements,
        streets=streets,
        renders=RENDERS,
    )


def run() -> list[dict]:
    campaign, admin = _campaign()
    return [_dashboard(campaign, admin)]
