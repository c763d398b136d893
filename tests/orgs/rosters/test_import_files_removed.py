"""Uploaded rosters hold full ID-card and phone numbers: the file is gone once the import ends, successful or
not, once a preview finds problems, and a day after a preview nobody confirmed; stray files are swept too."""

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from orgs.models import ImportJob, ImportStatus, Member
from orgs.permissions import remove_role
from orgs.roles import Role
from orgs.tasks import roster_files_remove_stale, roster_import_run
from starrating.exports import render_table
from tests.factories import make_id_card

HEADERS = ["姓名", "公民身份号码", "入党时间", "人员类别", "所在党支部", "联系电话"]
WANG = make_id_card(72, date(1976, 4, 9))


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def upload(client, branch="B010101"):
    rows = [["王五", WANG, "2001-07-01", "正式党员", branch, "13900000072"]]
    file = SimpleUploadedFile("members.xlsx", render_table(HEADERS, rows, "xlsx"))
    client.post(reverse("roster_import"), {"kind": "members", "file": file})
    return ImportJob.objects.latest("pk")


def test_the_file_waits_for_confirmation_and_is_gone_after_a_successful_import(district, login, media):
    client = login(district.users["district_admin"])
    job = upload(client)
    assert len(stored_files(media)) == 1  # the preview is clean: confirming needs the file

    client.post(reverse("roster_import_detail", kwargs={"pk": job.pk}))

    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED and Member.objects.filter(name="王五").exists()
    assert stored_files(media) == []
    assert not job.file


def test_the_file_is_gone_when_the_preview_finds_problems(district, login, media):
    job = upload(login(district.users["district_admin"]), branch="NOSUCH")

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert stored_files(media) == []


def test_the_file_is_gone_after_an_import_that_fails(district, login, media):
    client = login(district.users["district_admin"])
    job = upload(client)
    remove_role(user=district.users["district_admin"], role=Role.DISTRICT_ADMIN, organization=district.district)

    assert roster_import_run.delay(job.pk).get() == ImportStatus.FAILED  # the uploader lost the right meanwhile
    assert stored_files(media) == []
    assert not Member.objects.filter(name="王五").exists()


def test_a_preview_nobody_confirms_is_given_up_after_a_day_and_its_file_deleted(district, login, media):
    client = login(district.users["district_admin"])
    job = upload(client)
    detail = reverse("roster_import_detail", kwargs={"pk": job.pk})

    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        roster_files_remove_stale.delay().get()
    assert len(stored_files(media)) == 1  # still within the day

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert roster_files_remove_stale.delay().get() == {"abandoned": 1, "files_deleted": 0}

    assert stored_files(media) == []
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    page = client.get(detail).content.decode()
    assert "此导入在 24 小时内未确认，上传的文件已删除。如需导入，请重新上传。" in page
    assert "确认导入" not in page
    client.post(detail)
    assert not Member.objects.filter(name="王五").exists()


def test_a_stray_upload_older_than_a_day_is_deleted_and_a_recent_one_kept(district, media):
    folder = media / "imports" / "2026" / "01"
    folder.mkdir(parents=True)
    old, recent = folder / "roster_old.xlsx", folder / "roster_new.xlsx"
    old.write_bytes(b"full numbers")
    recent.write_bytes(b"full numbers")
    two_days_ago = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(old, (two_days_ago, two_days_ago))

    assert roster_files_remove_stale.delay().get() == {"abandoned": 0, "files_deleted": 1}

    assert stored_files(media) == [recent]
