"""Running the consequence rules on demand: the district asks (page or API), a run over every organization is
queued after the commit, a second request is refused while the first waits or runs, other users are refused and
audited, and the lists page shows the last run's counts to everyone."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations.models import ComputationStatus, Consequence, ConsequenceRun
from evaluations.selectors.consequence_runs import consequence_run_started_at, consequences_last_run
from evaluations.services.consequence_runs import consequence_runs_recover, consequences_run_request
from evaluations.tasks import consequences_run_recover
from orgs.models import AuditAction, AuditEvent, Organization
from tests.factories import SecretaryFactory
from tests.support.consequences import approved, rule_sets_loaded, term, yearly_campaign

pytestmark = pytest.mark.postgres

LIST_URL = "evaluations:consequence_list"
RUN_URL = "evaluations:consequence_run"
API_URL = "api-consequence-runs"


@pytest.fixture
def rated(district):
    """东城第一社区 rated 1 star in 2022 and 2023 within its 2021–2025 term, under the Yucheng "3+2" rules."""
    rule_sets_loaded("yucheng_3plus2")
    term(district.community, 2021, 2025)
    SecretaryFactory(organization=district.community, name="赵书记", started_on=date(2020, 1, 1))
    for year in (2022, 2023):
        approved(yearly_campaign(district.district, year), district.community, 1)
    return district


def _count(page: str, name: str) -> int:
    return int(re.search(rf'id="run-{name}">(\d+)<', page).group(1))


def test_the_district_queues_a_run_over_every_organization_that_ends_in_the_panel(
    rated, django_capture_on_commit_callbacks
):
    admin = rated.users["district_admin"]
    with django_capture_on_commit_callbacks(execute=True):
        consequences_run_request(by=admin)
    # Celery runs eagerly in these tests: the run went over every organization, street by street, and ended.
    assert Consequence.objects.filter(organization=rated.community).exists()
    assert consequence_run_started_at() is None
    run = ConsequenceRun.objects.get()
    assert (run.status, run.cause, run.requested_by, run.organizations) == ("succeeded", "on_demand", admin, 9)
    assert set(run.streets.values_list("status", flat=True)) == {"done"} and run.streets.count() == 3
    last = consequences_last_run()
    assert (last.cause, last.cause_label, last.every_organization) == ("on_demand", "按需重新运用", True)
    assert last.added == Consequence.objects.count() > 0 and last.withdrawn == 0
    assert last.by == str(admin)
    assert AuditEvent.objects.filter(action="consequences_run_request", actor=admin).count() == 1


def test_a_second_request_is_refused_while_the_first_is_queued(rated, django_capture_on_commit_callbacks):
    admin = rated.users["district_admin"]
    with django_capture_on_commit_callbacks() as queued:
        consequences_run_request(by=admin)
    assert len(queued) == 1 and consequence_run_started_at() is not None
    with pytest.raises(ValidationError) as refused:
        consequences_run_request(by=admin)
    assert re.fullmatch(r"规则正在运用中（\d\d:\d\d 时开始），请完成后再试", refused.value.messages[0])
    assert AuditEvent.objects.filter(action="consequences_run_request").count() == 1
    queued[0]()  # the first run ends
    assert consequence_run_started_at() is None
    with django_capture_on_commit_callbacks():
        consequences_run_request(by=admin)


def test_a_run_whose_task_was_lost_refuses_requests_until_the_beat_job_has_run_it(
    rated, django_capture_on_commit_callbacks
):
    admin = rated.users["district_admin"]
    with django_capture_on_commit_callbacks():  # the broker never gets its task
        started_at = consequences_run_request(by=admin)
    assert consequence_run_started_at() == started_at
    assert consequence_runs_recover(now=timezone.now()) == (False, [])  # its task may be on its way still
    assert consequence_runs_recover(now=timezone.now() + timedelta(minutes=2)) == (True, [])
    with pytest.raises(ValidationError):
        consequences_run_request(by=admin)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)), django_capture_on_commit_callbacks(execute=True):
        consequences_run_recover()  # the beat job, two minutes on, starts it (and runs it, eagerly here)
    assert ConsequenceRun.objects.get().status == ComputationStatus.SUCCEEDED
    assert consequence_run_started_at() is None and Consequence.objects.filter(organization=rated.community).exists()


@pytest.mark.parametrize("role", ["street_staff", "district_approver", "org_admin"])
def test_other_users_are_refused_audited_and_nothing_is_queued(rated, role, django_capture_on_commit_callbacks):
    user = rated.users[role]
    with django_capture_on_commit_callbacks() as queued, pytest.raises(PermissionDenied):
        consequences_run_request(by=user)
    assert queued == [] and consequence_run_started_at() is None
    refusal = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED, actor=user)
    assert refusal.object_type == "consequence_run"


def test_the_panel_shows_the_last_runs_counts_to_everyone_and_the_button_to_the_district_only(
    rated, client, django_capture_on_commit_callbacks
):
    client.force_login(rated.users["district_admin"])
    page = client.get(reverse(LIST_URL)).content.decode()
    assert "规则运用" in page and "尚未运用过规则" in page and 'id="consequence-run-button"' in page
    with django_capture_on_commit_callbacks(execute=True):  # the job runs once the request has committed
        response = client.post(reverse(RUN_URL))
    assert response.status_code == 302 and response["Location"] == reverse(LIST_URL)
    page = client.get(response["Location"]).content.decode()
    assert "已开始重新运用规则，完成后本页将显示结果" in page
    added = Consequence.objects.count()
    assert _count(page, "added") == added > 0
    assert (_count(page, "updated"), _count(page, "withdrawn"), _count(page, "kept")) == (0, 0, 0)
    organizations = Organization.objects.count()
    assert "按需重新运用" in page and f"全部 {organizations} 个组织" in page
    # Run again: what still holds is kept.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(RUN_URL))
    page = client.get(reverse(LIST_URL)).content.decode()
    assert (_count(page, "added"), _count(page, "kept")) == (0, added)
    for role in ("street_staff", "district_approver", "org_admin"):
        client.force_login(rated.users[role])
        page = client.get(reverse(LIST_URL)).content.decode()
        assert _count(page, "kept") == added and "按需重新运用" in page
        assert 'id="consequence-run-button"' not in page
        assert client.post(reverse(RUN_URL)).status_code == 403


def test_the_button_is_disabled_with_a_note_while_a_run_is_queued(rated, client, django_capture_on_commit_callbacks):
    client.force_login(rated.users["district_admin"])
    with django_capture_on_commit_callbacks():
        page = client.post(reverse(RUN_URL), follow=True).content.decode()
    assert re.search(r'id="consequence-run-button" disabled', page)
    assert re.search(r"正在运用（\d\d:\d\d 开始），完成后本页将显示结果", page)
    page = client.post(reverse(RUN_URL), follow=True).content.decode()
    assert "规则正在运用中（" in page and "请完成后再试" in page
    # The street sees that a run is on its way too, without a button.
    client.force_login(rated.users["street_staff"])
    page = client.get(reverse(LIST_URL)).content.decode()
    assert "正在运用（" in page and 'id="consequence-run-button"' not in page


def test_the_api_runs_for_the_district_and_tells_everyone_the_last_run(
    rated, client, django_capture_on_commit_callbacks
):
    client.force_login(rated.users["street_staff"])
    status = client.get(reverse(API_URL)).json()
    assert status == {
        "running": False,
        "started_at": None,
        "streets_total": None,
        "streets_done": None,
        "may_run": False,
        "last_run": None,
    }
    assert client.post(reverse(API_URL)).status_code == 403
    client.force_login(rated.users["district_admin"])
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse(API_URL))
    assert response.status_code == 202
    assert response.json()["running"] is True and response.json()["may_run"] is True
    refused = client.post(reverse(API_URL))
    assert refused.status_code == 409 and "规则正在运用中" in refused.json()["errors"]["run"]
    queued[0]()
    status = client.get(reverse(API_URL)).json()
    assert status["running"] is False and status["started_at"] is None
    last = status["last_run"]
    assert (last["cause"], last["every_organization"], last["withdrawn"]) == ("on_demand", True, 0)
    assert last["added"] == Consequence.objects.count() > 0


def test_a_street_that_fails_fails_the_run_the_others_keep_their_rows_and_the_district_may_run_again(
    rated, client, monkeypatch, django_capture_on_commit_callbacks
):
    from evaluations.services import consequence_runs

    applied = consequence_runs.consequences_compute

    def fail_on_the_district_itself(*, organization_ids, every_id, now):
        if rated.district.pk in organization_ids:
            raise RuntimeError("the database went away")
        return applied(organization_ids=organization_ids, every_id=every_id, now=now)

    monkeypatch.setattr(consequence_runs, "consequences_compute", fail_on_the_district_itself)
    client.force_login(rated.users["district_admin"])
    with django_capture_on_commit_callbacks(execute=True):  # the run's error is logged, the page answers
        assert client.post(reverse(RUN_URL)).status_code == 302
    run = ConsequenceRun.objects.get()
    assert run.status == ComputationStatus.FAILED and "the database went away" in run.error
    assert dict(run.streets.values_list("path", "status")) == {
        rated.district.path: "failed",
        rated.street.path: "done",
        rated.other_street.path: "done",
    }
    assert Consequence.objects.filter(organization=rated.community).exists()  # its street is done
    page = client.get(reverse(LIST_URL)).content.decode()
    assert "失败：部分街道未能运用规则" in page and _count(page, "added") == Consequence.objects.count()
    assert 'id="consequence-run-button" disabled' not in page
    assert client.get(reverse(API_URL)).json()["last_run"]["failed"] is True


def test_the_panel_follows_a_run_with_the_filters_kept_and_the_page_reloads_once_it_has_ended(
    rated, client, django_capture_on_commit_callbacks
):
    """While a run is under way the panel asks for the same page, filters and all, and keeps only itself; once the
    run has ended, the whole page loads again, so the rows show what the run changed."""
    client.force_login(rated.users["district_admin"])
    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse(RUN_URL))
    filtered = f"{reverse(LIST_URL)}?list=talks&year=2023"
    page = client.get(filtered).content.decode()
    assert f'hx-get="{filtered.replace("&", "&amp;")}"' in page
    panel = {"HX-Request": "true", "HX-Target": "consequence-run"}
    following = client.get(filtered, headers=panel)
    assert following.status_code == 200 and "HX-Refresh" not in following
    for callback in queued:
        callback()  # the run, eagerly
    ended = client.get(filtered, headers=panel)
    assert (ended.status_code, ended["HX-Refresh"]) == (204, "true")
    assert 'id="consequence-run-progress"' not in client.get(filtered).content.decode()
