"""The Celery task claims a job once: a second delivery does nothing, and a failure is recorded."""

from datetime import date

import pytest
from django.core.files.base import ContentFile

from orgs.models import AuditAction, AuditEvent, ImportStatus, Member
from orgs.services.rosters import roster_job_create, roster_job_preview
from orgs.tasks import roster_import_run
from starrating.exports import render_table
from tests.factories import make_id_card

HEADERS = ["姓名", "公民身份号码", "入党时间", "人员类别", "所在党支部"]


@pytest.fixture
def job(district, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = [[f"党员{n}", make_id_card(n, date(1980, 1, 1 + n)), "2001-07-01", "正式党员", "B010101"] for n in range(5)]
    job = roster_job_create(
        kind="members",
        upload=ContentFile(render_table(HEADERS, rows, "csv")),
        name="m.csv",
        by=district.users["district_admin"],
    )
    roster_job_preview(job=job)
    return job


def test_the_task_imports_a_pending_job_and_records_progress(job):
    assert roster_import_run.delay(job.pk).get() == ImportStatus.SUCCEEDED

    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.total_rows, job.summary["created"]) == (ImportStatus.SUCCEEDED, 5, 5, 5)
    assert job.finished_at is not None
    assert Member.objects.filter(name__startswith="党员").count() == 5


def test_a_second_delivery_of_the_task_writes_nothing(job):
    roster_import_run.delay(job.pk)

    assert roster_import_run.delay(job.pk).get() == "already claimed"
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT).count() == 1


def test_a_job_whose_uploader_lost_the_right_fails_without_writing(job, district):
    from orgs.permissions import remove_role
    from orgs.roles import Role

    remove_role(user=district.users["district_admin"], role=Role.DISTRICT_ADMIN, organization=district.district)

    roster_import_run.delay(job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["message"] == "文件：您已不再拥有导入名册的权限。"
    assert not Member.objects.filter(name__startswith="党员").exists()
