"""The browser import: upload → preview (dry run) → confirm, with progress; only importers may use it."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orgs.models import AuditAction, AuditEvent, ImportJob, ImportStatus, Member
from starrating.exports import render_table
from tests.factories import make_id_card

HEADERS = ["姓名", "公民身份号码", "入党时间", "人员类别", "所在党支部", "联系电话", "民族"]
WANG = make_id_card(71, date(1975, 3, 9))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(phone="13900000071", name="members.xlsx"):
    rows = [["王五", WANG, "2001-07-01", "正式党员", "B010101", phone, "汉族"]]
    return SimpleUploadedFile(name, render_table(HEADERS, rows, name.rsplit(".", 1)[1]))


def post_upload(client, file, kind="members"):
    return client.post(reverse("roster_import"), {"kind": kind, "file": file})


def _progress(client, job) -> dict:
    """The progress of an import job, as JSON."""
    url = reverse("roster_import_progress", kwargs={"pk": job.pk})
    return client.get(url, headers={"accept": "application/json"}).json()


def test_the_import_page_offers_the_form(district, login):
    response = login(district.users["district_admin"]).get(reverse("roster_import"))

    assert response.status_code == 200
    assert "上传并预览" in response.content.decode()


def test_an_upload_is_previewed_without_writing(district, login):
    client = login(district.users["district_admin"])

    response = post_upload(client, upload())

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("roster_import_detail", kwargs={"pk": job.pk})
    page = client.get(response["Location"]).content.decode()
    assert "将新增 1 条，更新 0 条，未变 0 条。" in page
    assert "姓名、公民身份号码、入党时间、人员类别、所在党支部、联系电话" in page
    assert "民族" in page  # listed among the ignored columns
    assert WANG[:6] + "********" + WANG[-4:] in page and WANG not in page
    assert "确认导入" in page
    assert not Member.objects.filter(name="王五").exists()
    assert job.status == ImportStatus.PENDING


def test_confirming_the_preview_imports_and_audits(district, login):
    client = login(district.users["district_admin"])
    post_upload(client, upload())
    job = ImportJob.objects.get()

    response = client.post(reverse("roster_import_detail", kwargs={"pk": job.pk}), follow=True)

    assert "名册已导入。" in response.content.decode()
    assert "新增 1 条，更新 0 条，未变 0 条。" in response.content.decode()
    assert Member.objects.filter(name="王五").exists()
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert (event.actor, event.object_id, event.detail["file"], event.detail["created"]) == (
        district.users["district_admin"],
        str(job.pk),
        "members.xlsx",
        1,
    )


def test_confirming_twice_imports_once(district, login):
    client = login(district.users["district_admin"])
    post_upload(client, upload())
    url = reverse("roster_import_detail", kwargs={"pk": ImportJob.objects.get().pk})
    client.post(url)

    response = client.post(url, follow=True)

    assert "此次导入无法确认" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT).count() == 1


def test_a_file_with_bad_rows_lists_them_and_cannot_be_confirmed(district, login):
    client = login(district.users["district_admin"])

    response = post_upload(client, upload(phone="12345", name="members.csv"), kind="members")

    page = client.get(response["Location"]).content.decode()
    assert "发现 1 处问题，未写入任何数据。" in page
    assert "联系电话应为 11 位手机号码或带区号的固定电话。" in page
    assert "确认导入" not in page
    assert ImportJob.objects.get().status == ImportStatus.FAILED


def test_a_wrong_file_type_is_refused_by_the_form(district, login):
    client = login(district.users["district_admin"])

    response = post_upload(client, SimpleUploadedFile("roster.pdf", b"%PDF"))

    assert response.status_code == 200
    assert "只能导入 .xlsx 或 .csv 文件。" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_large_file_is_confirmed_into_a_task_with_progress(
    district, login, settings, django_capture_on_commit_callbacks
):
    settings.ROSTER_ASYNC_ROWS = 0
    client = login(district.users["district_admin"])
    with django_capture_on_commit_callbacks(execute=True):  # a large file's preview is a task too
        post_upload(client, upload())
    job = ImportJob.objects.get()
    url = reverse("roster_import_detail", kwargs={"pk": job.pk})

    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(url)
    page = client.get(url).content.decode()
    assert "导入正在后台进行，本页显示进度。" in page
    assert 'hx-trigger="every 1s"' in page
    assert "确认导入" not in page
    assert _progress(client, job) == {
        "status": "pending",
        "total_rows": 1,
        "processed_rows": 0,
        "percent": 0,
        "finished": False,
    }

    for callback in queued:
        callback()  # the worker (eager in tests) runs the task

    assert _progress(client, job) == {
        "status": "succeeded",
        "total_rows": 1,
        "processed_rows": 1,
        "percent": 100,
        "finished": True,
    }
    assert Member.objects.filter(name="王五").exists()


def test_the_progress_partial_stops_polling_and_redirects_when_done(district, login):
    client = login(district.users["district_admin"])
    post_upload(client, upload())
    job = ImportJob.objects.get()
    client.post(reverse("roster_import_detail", kwargs={"pk": job.pk}))

    response = client.get(reverse("roster_import_progress", kwargs={"pk": job.pk}), headers={"hx-request": "true"})

    assert response["HX-Redirect"] == reverse("roster_import_detail", kwargs={"pk": job.pk})
    assert 'value="100"' in response.content.decode()
    assert "hx-trigger" not in response.content.decode()


@pytest.mark.parametrize("user", ["outsider", "street_staff", "org_admin", "nobody"])
def test_users_without_the_import_right_are_refused(district, login, user):
    client = login(district.users[user])

    assert client.get(reverse("roster_import")).status_code == 403
    assert post_upload(client, upload()).status_code == 403
    assert not ImportJob.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=district.users[user]).exists()


def test_another_importers_job_is_not_found(district, login):
    post_upload(login(district.users["superuser"]), upload())
    job = ImportJob.objects.get()

    client = login(district.users["district_admin"])

    assert client.get(reverse("roster_import_detail", kwargs={"pk": job.pk})).status_code == 404
    assert client.post(reverse("roster_import_detail", kwargs={"pk": job.pk})).status_code == 404
    assert client.get(reverse("roster_import_progress", kwargs={"pk": job.pk})).status_code == 404
    assert not Member.objects.filter(name="王五").exists()
