"""The admin: import buttons on the lists, preview then confirm; masked numbers; read-only imports and audit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orgs.models import AuditEvent, ImportJob, ImportStatus, Member, Organization
from orgs.personal_data import decrypt
from starrating.exports import render_table


@pytest.fixture
def admin_client(district, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return login(district.users["superuser"])


@pytest.mark.parametrize("model", ["organization", "member", "secretary"])
def test_the_lists_carry_an_import_button(admin_client, model):
    page = admin_client.get(reverse(f"admin:orgs_{model}_changelist")).content.decode()

    assert reverse(f"admin:orgs_{model}_import") in page
    assert "导入名册" in page


def test_the_admin_import_previews_then_confirms(admin_client):
    rows = [["S03", "南城街道党工委", "D01", "街道"]]
    content = render_table(["党组织代码", "党组织名称", "上级党组织代码", "层级"], rows, "xlsx")

    response = admin_client.post(
        reverse("admin:orgs_organization_import"), {"kind": "orgs", "file": SimpleUploadedFile("o.xlsx", content)}
    )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("admin:orgs_organization_import_job", kwargs={"job_id": job.pk})
    preview = admin_client.get(response["Location"]).content.decode()
    assert "将新增 1 条，更新 0 条，未变 0 条。" in preview
    assert not Organization.objects.filter(code="S03").exists()

    admin_client.post(response["Location"])

    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED
    assert Organization.objects.get(code="S03").level == "street"


def test_the_member_list_and_form_show_masked_numbers_only(admin_client, district):
    member = district.member
    pages = [
        admin_client.get(reverse("admin:orgs_member_changelist")).content.decode(),
        admin_client.get(reverse("admin:orgs_member_change", args=[member.pk])).content.decode(),
    ]

    for page in pages:
        assert member.id_card_masked in page
        assert decrypt(member.id_card_encrypted) not in page
        assert member.id_card_encrypted not in page and member.id_card_hash not in page


def test_the_member_list_searches_by_name(admin_client, district):
    page = admin_client.get(reverse("admin:orgs_member_changelist") + "?q=张三").content.decode()

    assert "张三" in page and "李四" not in page


def test_import_jobs_and_audit_events_cannot_be_added_changed_or_deleted(admin_client, district):
    event = AuditEvent.objects.first()
    assert admin_client.get(reverse("admin:orgs_auditevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:orgs_auditevent_add")).status_code == 403
    assert admin_client.post(reverse("admin:orgs_auditevent_delete", args=[event.pk])).status_code == 403
    assert admin_client.get(reverse("admin:orgs_importjob_add")).status_code == 403


def test_a_staff_user_without_the_import_right_is_refused(district, login):
    staff = district.users["street_staff"]
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])

    response = login(staff).get(reverse("admin:orgs_member_import"))

    assert response.status_code == 403
    assert Member.objects.count() == 2
