"""A real Celery worker on Redis applies the consequence rules after an approval is committed; asked again, it
leaves the same rows."""

from datetime import date

import pytest
from django.db import transaction

from evaluations.models import Consequence, ConsequenceStatus
from evaluations.services.consequence_runs import consequences_request
from evaluations.tasks import consequences_apply, consequences_run, consequences_run_streets
from orgs.models import AuditEvent
from tests.factories import SecretaryFactory
from tests.support.consequences import approved, rule_sets_loaded, term, yearly_campaign
from tests.support.workers import workers_on_own_queue

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workers(tmp_path, monkeypatch):
    tasks = (consequences_apply, consequences_run, consequences_run_streets)
    with workers_on_own_queue(tasks, "consequences", tmp_path, monkeypatch) as started:
        yield started


def test_a_worker_applies_the_rules_after_the_approval_commits_and_a_second_run_changes_nothing(district, workers):
    rule_sets_loaded("yucheng_3plus2")
    community = district.community
    term(community, 2021, 2025)
    SecretaryFactory(organization=community, name="钱书记", started_on=date(2020, 1, 1))
    for year, stars in ((2022, 1), (2023, 1)):
        approved(yearly_campaign(district.district, year), community, stars)
    workers.start()
    with transaction.atomic():
        consequences_request(organization_ids=[community.pk], cause="approval")
        assert not Consequence.objects.exists()  # nothing runs before the commit
    workers.wait_for(lambda: AuditEvent.objects.filter(action="consequences_apply").count() == 1, "the job to run once")
    handling = Consequence.objects.get(rule__code="Y8")
    assert (handling.action, handling.target, handling.person_name) == ("organizational_handling", "leader", "钱书记")
    rows = sorted(Consequence.objects.values_list("pk", "rule__code", "target", "inputs_fingerprint"))
    with transaction.atomic():
        consequences_request(organization_ids=[community.pk], cause="on_demand")
    workers.wait_for(
        lambda: AuditEvent.objects.filter(action="consequences_apply").count() == 2, "the job to run again"
    )
    assert sorted(Consequence.objects.values_list("pk", "rule__code", "target", "inputs_fingerprint")) == rows
    assert not Consequence.objects.exclude(status=ConsequenceStatus.ACTIVE).exists()
    last = AuditEvent.objects.filter(action="consequences_apply").latest("pk")
    assert (last.detail["added"], last.detail["withdrawn"], last.detail["cause"]) == (0, 0, "on_demand")


def test_the_districts_button_runs_on_a_worker_and_the_panel_then_shows_the_counts_and_the_button_again(
    district, workers, client
):
    from django.urls import reverse

    from evaluations.selectors.consequence_runs import consequence_run_started_at

    rule_sets_loaded("yucheng_3plus2")
    community = district.community
    term(community, 2021, 2025)
    SecretaryFactory(organization=community, name="钱书记", started_on=date(2020, 1, 1))
    for year, stars in ((2022, 1), (2023, 1)):
        approved(yearly_campaign(district.district, year), community, stars)
    workers.start()
    client.force_login(district.users["district_admin"])
    assert client.post(reverse("evaluations:consequence_run")).status_code == 302
    workers.wait_for(lambda: consequence_run_started_at() is None, "the worker's run to end")
    last = AuditEvent.objects.filter(action="consequences_apply").latest("pk")
    assert last.detail["cause"] == "on_demand" and last.actor == district.users["district_admin"]
    page = client.get(reverse("evaluations:consequence_list")).content.decode()
    added = Consequence.objects.filter(status=ConsequenceStatus.ACTIVE).count()
    assert added > 0 and f'id="run-added">{added}<' in page and 'id="run-kept">0<' in page
    assert "按需重新运用" in page and "disabled" not in page.split('id="consequence-run-button"')[1][:20]
