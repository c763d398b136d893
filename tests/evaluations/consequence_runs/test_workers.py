"""Real Celery workers on Redis apply the consequence rules over every organization street by street: two at once
write the rows of a one-process run, and one killed in the middle of a street leaves it, through its lease, to the
other, which ends with the rows of a clean run; the lists page shows the streets done of all meanwhile."""

import json
import re
import signal
from datetime import date

import pytest
from django.urls import reverse

from evaluations.models import (
    ComputationStatus,
    Consequence,
    ConsequenceInputs,
    ConsequenceRun,
    ConsequenceRunStreet,
    StreetStatus,
)
from evaluations.services.consequence_runs import consequences_run_request
from evaluations.services.consequences import consequences_apply
from evaluations.tasks import consequences_run, consequences_run_streets
from orgs.models import AuditEvent, Level, Organization
from tests.factories import SecretaryFactory, add_org
from tests.support.consequences import approved, rule_sets_loaded, term, yearly_campaign
from tests.support.workers import workers_on_own_queue

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The first worker waits this long inside the street it holds: far longer than the test waits for it.
PAUSE_SECONDS = 120
# Its lease: longer than the second worker takes to start and apply the other streets.
LEASE_SECONDS = 10
STARS = (1, 2, 3, 4, 5)


@pytest.fixture
def workers(tmp_path, monkeypatch):
    with workers_on_own_queue((consequences_run, consequences_run_streets), "runs", tmp_path, monkeypatch) as started:
        yield started


@pytest.fixture
def six_streets(district):
    """The district with four more streets of two communities each (six streets and the district: seven chunks),
    every community with a secretary and a term, rated 2022 and 2023 with stars that differ from one to the next."""
    rule_sets_loaded("yucheng_3plus2")
    for street_number in range(3, 7):
        street = add_org(district.district, f"S0{street_number}", f"第{street_number}街道党工委", Level.STREET)
        for community_number in (1, 2):
            code = f"C0{street_number}0{community_number}"
            add_org(street, code, f"{code}社区党委", Level.COMMUNITY, domain="urban_community", org_type="community")
    communities = list(Organization.objects.filter(level=Level.COMMUNITY).order_by("path"))
    for number, community in enumerate(communities):
        term(community, 2021, 2025)
        SecretaryFactory(organization=community, name=f"书记{number}", started_on=date(2020, 1, 1))
    for year in (2022, 2023):
        campaign = yearly_campaign(district.district, year)
        for number, community in enumerate(communities):
            approved(campaign, community, STARS[(number + year) % len(STARS)])
    return district


def _rows() -> list[tuple]:
    """The consequences as a user sees them, without their ids and times."""
    return sorted(
        (*row[:6], json.dumps(row[6]), *row[7:])
        for row in Consequence.objects.values_list(
            "rule_id",
            "organization_id",
            "person_key",
            "action",
            "target",
            "occasion",
            "result_ids",
            "explanation",
            "inputs_fingerprint",
            "due_on",
            "status",
        )
    )


def _forgotten() -> None:
    """No consequence and no inputs digest: the next run applies every rule to every organization again."""
    Consequence.objects.all().delete()
    ConsequenceInputs.objects.all().delete()


def _finished() -> bool:
    return ConsequenceRun.objects.filter(status=ComputationStatus.SUCCEEDED).exists()


def test_two_workers_apply_the_streets_at_once_and_write_the_rows_of_one_process(six_streets, workers):
    consequences_apply()
    one_process = _rows()
    assert len(one_process) > 10
    _forgotten()

    slow = {"CONSEQUENCE_RUN_PAUSE_IN_STREET_SECONDS": 1}  # a second per street: both workers take part
    workers.start(**slow)
    workers.start(**slow)
    consequences_run_request(by=six_streets.users["district_admin"])
    workers.wait_for(_finished, "the run to succeed")

    assert _rows() == one_process
    run = ConsequenceRun.objects.get()
    by_worker = dict(run.streets.values_list("path", "worker"))
    assert len(by_worker) == 7 and len(set(by_worker.values())) == 2
    assert set(run.streets.values_list("status", flat=True)) == {StreetStatus.DONE}
    assert (run.organizations, run.added, run.withdrawn) == (Organization.objects.count(), len(one_process), 0)
    audit = AuditEvent.objects.get(action="consequences_apply", detail__run=run.pk)
    assert audit.object_id == "all" and audit.detail["added"] == len(one_process) and audit.detail["seconds"] >= 1


def _count(page: str, name: str) -> int:
    return int(re.search(rf'id="run-{name}">(\d+)<', page).group(1))


def test_a_worker_killed_in_a_street_leaves_it_to_the_other_and_the_rows_of_a_clean_run(six_streets, workers, client):
    client.force_login(six_streets.users["district_admin"])
    first = workers.start(
        CONSEQUENCE_RUN_PAUSE_IN_STREET_SECONDS=PAUSE_SECONDS, CONSEQUENCE_RUN_LEASE_SECONDS=LEASE_SECONDS
    )
    assert client.post(reverse("evaluations:consequence_run")).status_code == 302
    streets = ConsequenceRunStreet.objects.all()
    workers.wait_for(lambda: streets.filter(status=StreetStatus.RUNNING).exists(), "the first street held")
    # Killed while it holds the street's transaction: what it wrote there is rolled back, its lease remains.
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    held = streets.get(status=StreetStatus.RUNNING)
    assert not Consequence.objects.exists()

    # The second worker applies the other streets from the tasks still queued, then the held one once its lease has
    # run out, and finishes the run; nobody asks again. Meanwhile the page shows how far it is.
    workers.start()
    workers.wait_for(lambda: streets.filter(status=StreetStatus.DONE).count() == 6, "the other streets done")
    page = client.get(reverse("evaluations:consequence_list")).content.decode()  # seconds before the lease ends
    assert "7 个街道已完成 6 个" in page and 'id="consequence-run-button" disabled' in page
    workers.wait_for(_finished, "the run to finish without the killed worker")
    resumed = _rows()
    taken_over = streets.get(pk=held.pk)
    assert taken_over.attempts == 2 and taken_over.worker != held.worker
    assert taken_over.started_at >= held.lease_until
    run = ConsequenceRun.objects.get()
    assert run.added == len(resumed) > 10 and run.organizations == Organization.objects.count()
    page = client.get(reverse("evaluations:consequence_list")).content.decode()
    assert _count(page, "added") == len(resumed) and "用时" in page
    assert "disabled" not in page.split('id="consequence-run-button"')[1][:20]

    # A clean run on the same inputs, from no consequences at all, in one process.
    _forgotten()
    consequences_apply()
    assert _rows() == resumed
