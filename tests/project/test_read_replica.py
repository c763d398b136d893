"""Reports on a read replica (DATABASE_REPLICA_URL): the ranking, the overview, the consequence lists, the campaigns'
progress on the home page and the exports read from the replica alias; every write, and every other page, stays on
the primary. Without DATABASE_REPLICA_URL there is no replica alias and no router.

The tests run with the replica as a test mirror of the primary (tests/backends.py, tests/support/replica.py), so a
page reading through it sees the test's rows, and the replica refuses any write as a hot standby would.
"""

import os
import re
import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.services.consequences import consequences_apply
from orgs.models import Organization
from starrating.db_router import reads_from_replica
from tests.support.approval import campaign_awaiting_approval
from tests.support.consequences import approved, rule_sets_loaded, term, yearly_campaign
from tests.support.replica import WriteOnReplica

pytestmark = pytest.mark.postgres

WRITES = ("INSERT", "UPDATE", "DELETE")
READ = re.compile(r"\s*(SELECT|WITH|DECLARE \S+ NO SCROLL CURSOR (WITH HOLD )?FOR SELECT)\b")  # DECLARE: .iterator()


SETTINGS = Path(__file__).resolve().parents[2] / "starrating" / "settings.py"


@pytest.fixture
def replica():
    if "replica" not in connections:
        message = "needs DATABASE_REPLICA_URL (tests/backends.py sets it on PostgreSQL)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return connections["replica"]


@pytest.fixture
def province(district):
    """A campaign awaiting approval (the ranking, the progress), and a year of approved stars that put 东城第一社区 on
    the consequence lists (rules applied)."""
    district.campaign = campaign_awaiting_approval(district)
    rule_sets_loaded("yucheng_3plus2")
    term(district.community, 2021, 2025)
    for year in (2022, 2023):
        approved(yearly_campaign(district.district, year), district.community, 1)
    consequences_apply(organization_ids=[district.community.pk])
    return district


def _get(client, url):
    """The response, the queries the replica answered and those the primary's session ran (the replica's included)."""
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as all_,
    ):
        response = client.get(url)
    return response, [query["sql"] for query in on_replica], [query["sql"] for query in all_]


def _writes(queries: list[str]) -> list[str]:
    return [sql for sql in queries if sql.lstrip().upper().startswith(WRITES)]


HEAVY_READS = {  # the page, and what it shows of the test's rows read through the replica
    "ranking": (lambda d: reverse("evaluations:campaign_ranking", args=[d.campaign.pk]), "东城第一社区党委"),
    "ranking export": (lambda d: reverse("evaluations:campaign_ranking_export", args=[d.campaign.pk]), ""),
    "overview": (lambda d: reverse("evaluations:district_overview"), "东城街道党工委"),
    "consequence lists": (lambda d: reverse("evaluations:consequence_list"), "东城第一社区党委"),
    "consequence export": (lambda d: reverse("evaluations:consequence_export"), ""),
    "home page's progress": (lambda d: reverse("home"), "东城街道党工委"),
}


@pytest.mark.parametrize("page", HEAVY_READS)
def test_the_heavy_pages_and_exports_read_from_the_replica_and_write_only_on_the_primary(
    province, login, replica, page
):
    url, shown = HEAVY_READS[page]
    response, on_replica, all_queries = _get(login(province.users["district_admin"]), url(province))
    assert response.status_code == 200
    assert on_replica, "nothing was read from the replica"
    assert [sql for sql in on_replica if not READ.match(sql)] == []
    if shown:
        assert shown in response.content.decode()  # the page shows the rows read through the replica
    if "export" in page:
        assert any('INSERT INTO "orgs_auditevent"' in sql for sql in _writes(all_queries))  # the audited download


def test_the_ranking_reads_its_rows_on_the_replica_in_the_same_number_of_queries(province, login, replica):
    client = login(province.users["district_admin"])
    response, on_replica, all_queries = _get(
        client, reverse("evaluations:campaign_ranking", args=[province.campaign.pk])
    )
    assert [row.name for row in response.context["rows"]] == [
        province.community.name,
        province.other_community.name,
        province.sibling_community.name,
    ]
    assert any('FROM "evaluations_evaluation"' in sql for sql in on_replica)
    assert len(all_queries) <= 10  # as without a replica (tests/evaluations/ranking): the replica's are counted


def test_the_pages_a_user_acts_from_and_every_write_stay_on_the_primary(province, login, replica):
    client = login(province.users["district_admin"])
    for url in (reverse("evaluations:worklist"), reverse("evaluations:notification_list")):
        response, on_replica, _all = _get(client, url)
        assert response.status_code == 200
        assert on_replica == []
    with CaptureQueriesContext(replica) as on_replica:
        response = client.post(reverse("evaluations:notifications_read_all"))
    assert response.status_code == 302 and len(on_replica) == 0


def test_inside_reads_from_replica_reads_go_to_the_replica_and_writes_and_locks_to_the_primary(province, replica):
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as all_:
        with reads_from_replica():
            community = Organization.objects.get(pk=province.community.pk)
            community.name = "东城第一社区党委（新）"
            community.save(update_fields=["name"])
            with transaction.atomic():
                locked = Organization.objects.select_for_update().get(pk=community.pk)
        after = Organization.objects.get(pk=community.pk)
    assert len(on_replica) == 1 and 'FROM "orgs_organization"' in on_replica[0]["sql"]
    assert any(query["sql"].startswith('UPDATE "orgs_organization"') for query in all_)
    assert any("FOR UPDATE" in query["sql"] for query in all_)
    assert locked.name == after.name == "东城第一社区党委（新）"
    assert after._state.db == "default"


def test_the_tests_replica_refuses_a_write_as_a_standby_would(province, replica):
    with pytest.raises(WriteOnReplica):
        Organization.objects.using("replica").filter(pk=province.community.pk).update(name="x")


def test_without_a_router_the_ranking_reads_everything_from_the_primary(province, login, replica, settings):
    settings.DATABASE_ROUTERS = []  # as without DATABASE_REPLICA_URL
    client = login(province.users["district_admin"])
    response, on_replica, _all = _get(client, reverse("evaluations:campaign_ranking", args=[province.campaign.pk]))
    assert on_replica == []
    assert len(response.context["rows"]) == 3


def _settings(monkeypatch, **environment) -> dict:
    for name, value in environment.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_without_database_replica_url_there_is_only_the_primary_and_no_router(monkeypatch):
    configured = _settings(monkeypatch, DATABASE_REPLICA_URL=None, DATABASE_URL="postgres://app@db:5432/starrating")
    assert list(configured["DATABASES"]) == ["default"]
    assert "DATABASE_ROUTERS" not in configured


def test_the_replica_is_a_test_mirror_with_the_primarys_pool(monkeypatch):
    configured = _settings(
        monkeypatch,
        DATABASE_URL="postgres://app@primary:5432/starrating",
        DATABASE_REPLICA_URL="postgres://app@standby:5432/starrating",
        DATABASE_POOL="true",
        DATABASE_POOL_SIZE="12",
    )
    primary, replica = configured["DATABASES"]["default"], configured["DATABASES"]["replica"]
    assert replica["HOST"] == "standby" and replica["TEST"] == {"MIRROR": "default"}
    assert replica["OPTIONS"]["pool"] == primary["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 12}
    assert configured["DATABASE_ROUTERS"] == ["starrating.db_router.ReplicaRouter"]


def test_a_replica_beside_sqlite_is_refused(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL"):
        _settings(
            monkeypatch,
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            DATABASE_REPLICA_URL="postgres://app@standby:5432/starrating",
        )
