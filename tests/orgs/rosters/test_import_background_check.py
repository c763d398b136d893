"""A large roster is checked by a worker, never in the request, with progress; a check or an import whose worker
died is taken up again after a lease, and marked failed after a few restarts."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from orgs.models import AuditAction, AuditEvent, ImportJob, ImportStatus, Member
from orgs.tasks import roster_jobs_recover, roster_preview_run
from starrating.exports import render_table
from tests.factories import make_id_card

CONFIRM_BUTTON = '<button type="submit" class="primary">确认导入</button>'
HEADERS = ["姓名", "公民身份号码", "入党时间", "人员类别", "所在党支部"]
ROWS = [[f"党员{n}", make_id_card(n, date(1981, 2, 1 + n)), "2001-07-01", "正式党员", "B010101"] for n in range(6)]


@pytest.fixture(autouse=True)
def large_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROSTER_ASYNC_ROWS = 5  # these six rows make a large file


def post_upload(client):
    file = SimpleUploadedFile("members.xlsx", render_table(HEADERS, ROWS, "xlsx"))
    return client.post(reverse("roster_import"), {"kind": "members", "file": file})


def progress(client, job) -> dict:
    url = reverse("roster_import_progress", kwargs={"pk": job.pk})
    return client.get(url, headers={"accept": "application/json"}).json()


def test_a_large_file_is_checked_by_a_worker_with_progress(district, login, django_capture_on_commit_callbacks):
    client = login(district.users["district_admin"])

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = post_upload(client)

    job = ImportJob.objects.get()
    assert len(queued) == 1  # nothing was read in the request but the declared size
    page = client.get(response["Location"]).content.decode()
    assert "文件正在后台检查，本页显示进度；检查无误后即可确认。" in page
    assert 'hx-trigger="every 1s"' in page
    assert CONFIRM_BUTTON not in page
    assert progress(client, job) == {
        "status": "checking",
        "total_rows": 6,
        "processed_rows": 0,
        "percent": 0,
        "finished": False,
    }

    queued[0]()  # the worker (eager in tests) runs the check

    assert progress(client, job)["finished"] is True
    page = client.get(response["Location"]).content.decode()
    assert "将新增 6 条，更新 0 条，未变 0 条。" in page
    assert CONFIRM_BUTTON in page
    assert not Member.objects.filter(name__startswith="党员").exists()


def test_a_second_delivery_of_the_check_does_nothing(district, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_upload(login(district.users["district_admin"]))
    job = ImportJob.objects.get()

    assert roster_preview_run.delay(job.pk).get() == "already claimed"
    assert ImportJob.objects.get().status == ImportStatus.PENDING


def die_while(state: str, login, district, django_capture_on_commit_callbacks) -> ImportJob:
    """A job whose worker was killed: while checking, while its confirmed import waited, or while importing."""
    client = login(district.users["district_admin"])
    with django_capture_on_commit_callbacks(execute=state != "checking"):
        post_upload(client)
    job = ImportJob.objects.get()
    if state != "checking":
        with django_capture_on_commit_callbacks(execute=False):  # the task is lost with its worker
            client.post(reverse("roster_import_detail", kwargs={"pk": job.pk}))
    if state == "running":
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, processed_rows=2000)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=31))
    return job


@pytest.mark.parametrize(
    ("state", "ends"), [("checking", "pending"), ("queued", "succeeded"), ("running", "succeeded")]
)
def test_a_job_whose_worker_died_is_taken_up_again_after_the_lease(
    district, login, django_capture_on_commit_callbacks, state, ends
):
    job = die_while(state, login, district, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        assert roster_jobs_recover.delay().get() == {"restarted": 1, "failed": 0}

    job.refresh_from_db()
    assert (job.status, job.restarts) == (ends, 1)
    if ends == ImportStatus.SUCCEEDED:
        assert Member.objects.filter(name__startswith="党员").count() == 6
        assert AuditEvent.objects.filter(action=AuditAction.IMPORT).count() == 1
        assert not job.file


def test_a_job_within_its_lease_is_left_alone(district, login, django_capture_on_commit_callbacks):
    job = die_while("running", login, district, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=29))

    assert roster_jobs_recover.delay().get() == {"restarted": 0, "failed": 0}
    assert ImportJob.objects.get().status == ImportStatus.RUNNING


def test_a_job_that_keeps_dying_is_marked_failed_and_its_file_deleted(
    district, login, django_capture_on_commit_callbacks, settings
):
    job = die_while("checking", login, district, django_capture_on_commit_callbacks)
    for restart in range(settings.ROSTER_JOB_MAX_RESTARTS + 1):
        with (
            time_machine.travel(timezone.now() + timedelta(minutes=31 * restart)),
            django_capture_on_commit_callbacks(execute=False),  # the worker dies again each time
        ):
            roster_jobs_recover.delay().get()

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["message"] == (
        "文件：此文件的处理已中断 3 次仍未完成，未写入任何数据。请重新上传，或将文件拆分后分批导入。"
    )
    assert not job.file and not list((settings.MEDIA_ROOT / "imports").rglob("*.xlsx"))
