"""The admin imports departments from a spreadsheet: preview, confirm, all-or-nothing, audited."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orgs.models import AuditAction, AuditEvent, AuditOutcome, Department
from tests.support.admin_import import CSV, confirm, preview, upload


@pytest.fixture
def admin_client(district, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return login(district.users["superuser"])


def test_the_import_page_is_in_chinese(admin_client):
    page = admin_client.get(reverse("admin:orgs_department_import")).content.decode()

    assert "导入文件" in page and "此次将导入以下字段" in page
    assert "部门代码, 部门名称" in page


def test_a_good_file_is_previewed_then_imported_with_one_audit_event(admin_client, district, tmp_path):
    rows = [["housing", "住建局"], ["petition", "信访局"], ["audit", "审计"]]  # new, renamed, unchanged

    previewed = preview(admin_client, rows)

    assert previewed.status_code == 200
    assert "确认导入" in previewed.content.decode()
    assert not Department.objects.filter(code="housing").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()
    assert len(list((tmp_path / "django-import-export").iterdir())) == 1  # the file waits for the confirmation

    response = confirm(admin_client, previewed)

    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    assert str(message) == "导入成功，新增1条记录，更新1条记录，删除0条记录，忽略1条记录。"
    assert not list((tmp_path / "django-import-export").iterdir())
    assert Department.objects.get(code="housing").name == "住建局"
    assert Department.objects.get(code="petition").name == "信访局"
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert (event.outcome, event.actor, event.object_type) == (
        AuditOutcome.SUCCESS,
        district.users["superuser"],
        "department",
    )
    assert event.detail == {
        "file": "departments.xlsx",
        "rows": 3,
        "created": 1,
        "updated": 1,
        "unchanged": 1,
        "errors": 0,
    }


def test_a_file_with_a_bad_row_changes_nothing_and_names_the_row_and_the_column(admin_client):
    before = list(Department.objects.values_list("code", "name"))
    rows = [["housing", "住建局"], ["has space", "坏部门"], ["water", ""]]

    response = preview(admin_client, rows)

    page = response.content.decode()
    invalid = {row.number: row.field_specific_errors for row in response.context["result"].invalid_rows}
    assert sorted(invalid) == [3, 4]  # the spreadsheet's rows: the header is row 1
    assert "部门代码" in invalid[3] and "部门名称" in invalid[4]
    assert "输入由字母，数字，下划线或连字符号组成的有效“字段”。" in page
    assert "此字段不能为空。" in page
    assert "确认导入" not in page
    assert list(Department.objects.values_list("code", "name")) == before


def test_a_row_that_fails_on_confirm_rolls_back_the_whole_import(admin_client):
    previewed = preview(admin_client, [["housing", "住建局"], ["water", "水务局"]])
    Department.objects.create(code="water-affairs", name="水务局")  # someone else, between preview and confirm

    response = confirm(admin_client, previewed)

    assert response["Location"] == reverse("admin:orgs_department_import")
    [message] = get_messages(response.wsgi_request)
    assert str(message).startswith("没有导入任何数据")
    assert not Department.objects.filter(code__in=["housing", "water"]).exists()
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert event.outcome == AuditOutcome.FAILURE
    assert (event.detail["created"], event.detail["errors"]) == (0, 1)


@pytest.fixture
def staff(district):
    user = district.users["district_admin"]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.mark.parametrize("url", ["admin:orgs_department_import", "admin:orgs_department_export"])
def test_a_staff_user_without_the_department_permissions_is_refused_and_the_refusal_audited(staff, login, url):
    response = login(staff).get(reverse(url))

    assert response.status_code == 403
    refusal = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED)
    assert (refusal.actor, refusal.object_type) == (staff, "department")


def test_a_staff_user_who_may_only_view_departments_may_export_but_not_import(staff, login):
    staff.user_permissions.add(Permission.objects.get(codename="view_department"))
    client = login(staff)

    assert client.get(reverse("admin:orgs_department_export")).status_code == 200
    assert client.get(reverse("admin:orgs_department_import")).status_code == 403
    assert client.post(reverse("admin:orgs_department_process_import")).status_code == 403


def test_a_staff_user_who_may_add_and_change_departments_may_import(staff, login):
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["add_department", "change_department"]))

    assert login(staff).get(reverse("admin:orgs_department_import")).status_code == 200


def test_a_file_without_the_expected_header_names_the_missing_columns(admin_client):
    response = preview(admin_client, [["housing", "住建局"]], headers=["代码", "部门名称"])

    page = response.content.decode()
    assert "第 1 行须为表头；缺少以下列：部门代码。" in page
    assert "Traceback" not in page and "确认导入" not in page
    assert not Department.objects.filter(code="housing").exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_chinese(admin_client):
    response = upload(admin_client, SimpleUploadedFile("departments.xlsx", b"not a workbook"))

    assert "无法读取该文件" in response.content.decode()


def test_an_exported_csv_imports_again_without_changes(admin_client):
    exported = admin_client.post(reverse("admin:orgs_department_export"), {"format": CSV, "resource": "0"})
    file = SimpleUploadedFile("departments.csv", exported.content)

    previewed = admin_client.post(
        reverse("admin:orgs_department_import"), {"format": CSV, "resource": "0", "import_file": file}
    )

    result = previewed.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == Department.objects.count() == 6
