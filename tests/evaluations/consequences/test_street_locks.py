"""Runs of the consequence job take turns on a street and go on at once on different streets: while another
transaction holds 东城街道's lock (as a run over its organizations does, chunk by chunk), a run over 西城街道 ends at
once, and a run over 东城第一社区党委 waits, then writes its rows once the lock is released."""

import threading

import psycopg
import pytest
from django.db import connection, connections

from evaluations.models import Consequence
from evaluations.services.consequences import STREET_LOCKS, consequences_apply
from orgs.tree import street_path_of
from tests.support.consequences import approved, rule_sets_loaded, yearly_campaign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 20


@pytest.fixture
def rated(district):
    """Both organizations two stars in 2024 (rule Y4): each gets its consequences when the job runs over it."""
    rule_sets_loaded("yucheng_3plus2")
    campaign = yearly_campaign(district.district, 2024)
    for community in (district.community, district.other_community):
        approved(campaign, community, 2)
    return district


def _street_held(street_path: str) -> psycopg.Connection:
    """Another session in a transaction holding the street's lock, as a chunk of a run does."""
    settings = connection.settings_dict
    held = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
    )
    held.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [STREET_LOCKS, street_path_of(street_path)])
    return held


def _run_in_thread(organization) -> tuple[threading.Thread, threading.Event]:
    finished = threading.Event()

    def run():
        try:
            consequences_apply(organization_ids=[organization.pk], cause="approval")
        finally:
            connections.close_all()
            finished.set()

    runner = threading.Thread(target=run)
    runner.start()
    return runner, finished


def test_a_run_waits_for_its_street_and_not_for_another(rated):
    east, west = rated.community, rated.other_community
    held = _street_held(east.path)
    runners = []
    try:
        runners.append(_run_in_thread(west))
        assert runners[-1][1].wait(WAIT_SECONDS)  # 西城街道 is not held: the run ends at once
        assert Consequence.objects.filter(organization=west).exists()
        runners.append(_run_in_thread(east))
        assert not runners[-1][1].wait(1.5)  # 东城街道 is held: the run waits for it
        assert not Consequence.objects.filter(organization=east).exists()
    finally:
        held.rollback()
        held.close()
        for runner, finished in runners:
            finished.wait(WAIT_SECONDS)
            runner.join(WAIT_SECONDS)
    assert all(finished.is_set() for _runner, finished in runners)
    assert Consequence.objects.filter(organization=east).exists()
