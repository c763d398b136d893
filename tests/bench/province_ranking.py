"""The ranking page of one city (about 19,300 organizations) in a synthetic province of more than 100,000.

Issue 14: a city's ranking renders in at most 300 ms (median of repeated renders through the test client) at
province size, with the same number of queries as in a small province. The province (ORG_TREE_ROOT_LEVEL=province)
is built as ``seed_synthetic --province`` builds it: a campaign over the whole province with its review scores
(57 a organization) and ballots, and a campaign of the first city, whose evaluations get results by INSERT … SELECT.
"""

import time

from django.db import connection
from django.test import override_settings
from django.utils import timezone

from evaluations.management.synthetic_campaigns import synthetic_campaign_build, template_for
from evaluations.models import Campaign
from orgs.models import Level, Organization
from orgs.permissions import assign_role
from orgs.roles import Role
from orgs.services.synthetic.province import ProvinceShape, synthetic_province_build
from tests.bench import figure
from tests.bench._pages import timed_ranking
from tests.bench.ranking import RESULTS_SQL
from tests.factories import UserFactory

LARGE = ProvinceShape(cities=6)  # 115,735 organizations, 19,289 a city
SMALL = ProvinceShape(
    cities=2, districts_per_city=2, streets_per_district=2, communities_per_street=2, branches_per_community=2
)
RENDERS = 15
PAGE_TARGET_MS = 300


def _province(shape: ProvinceShape, seed: int, ballots: int) -> tuple[Campaign, Organization, object, dict]:
    """A province with a campaign over it, and a campaign of its first city with results; the city's admin."""
    started = time.perf_counter()
    built = synthetic_province_build(shape=shape, members=0, seed=seed, today=timezone.localdate())
    template = template_for("yucheng_4plus1")
    province_wide = synthetic_campaign_build(
        name="全省评星",
        template=template,
        scope=built.district,
        personalised=20,
        ballots_per_evaluation=ballots,
        seed=seed,
    )
    city = Organization.objects.filter(level=Level.CITY, path__startswith=built.district.path).order_by("path").first()
    campaign = synthetic_campaign_build(
        name=f"{city.name}评星", template=template, scope=city, personalised=20, ballots_per_evaluation=0, seed=seed
    ).campaign
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.14)")
        cursor.execute(RESULTS_SQL, {"campaign": campaign.pk})
        cursor.execute("ANALYZE")
    admin = UserFactory(username=f"bench_city_admin_{seed}")
    assign_role(user=admin, role=Role.DISTRICT_ADMIN, organization=city)
    size = {
        "organizations": built.organizations,
        "score_rows": province_wide.score_rows,
        "ballots": province_wide.ballots,
        "set_up_s": round(time.perf_counter() - started, 1),
    }
    return campaign, city, admin, size


def run() -> list[dict]:
    with override_settings(ORG_TREE_ROOT_LEVEL="province"):
        small_campaign, _small_city, small_admin, _size = _province(SMALL, seed=1, ballots=1)
        _milliseconds, small_queries, _rows = timed_ranking(small_campaign, small_admin, RENDERS)
        campaign, city, admin, size = _province(LARGE, seed=2, ballots=2)
        milliseconds, queries, rows = timed_ranking(campaign, admin, RENDERS)
    assert queries == small_queries, f"{queries} queries in a large province, {small_queries} in a small one"
    return [
        figure(
            f"province_city_ranking_{rows}_ms",
            milliseconds,
            "ms",
            PAGE_TARGET_MS,
            queries=queries,
            queries_small_province=small_queries,
            rows=rows,
            renders=RENDERS,
            city=city.code,
            **size,
        )
    ]
