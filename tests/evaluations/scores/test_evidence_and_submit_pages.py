"""Evidence upload on the score-entry page, downloads only in scope, and the read-only submitted self-assessment."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import Evidence, Score
from evaluations.rules.workflow import StageKind
from orgs.models import AuditAction, AuditEvent
from tests.support.evaluations import evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% minutes of the meeting\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


def _upload_url(evaluation, stage="self_assessment"):
    return reverse("evaluations:evidence_upload", kwargs={"pk": evaluation.pk}) + f"?stage={stage}"


def _scores_url(evaluation, stage="self_assessment"):
    return reverse("evaluations:evaluation_scores", kwargs={"pk": evaluation.pk}) + f"?stage={stage}"


def _upload(client, evaluation, code, name, content, stage="self_assessment"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(_upload_url(evaluation, stage), {"code": code, f"file-{code}": upload}, follow=True)


def test_an_uploaded_file_is_listed_under_its_item_and_downloads(district, evaluation, login):
    client = login(district.users["org_admin"])
    response = _upload(client, evaluation, "A1.1", "会议记录.pdf", PDF)
    page = response.content.decode()
    evidence = Evidence.objects.get(evaluation=evaluation)
    assert evidence.item.code == "A1.1" and evidence.stage == "self_assessment"
    assert "会议记录.pdf" in page and reverse("evaluations:evidence_download", kwargs={"pk": evidence.pk}) in page
    download = client.get(reverse("evaluations:evidence_download", kwargs={"pk": evidence.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


def test_a_file_of_the_wrong_type_is_refused_with_the_item_named(district, evaluation, login):
    client = login(district.users["org_admin"])
    page = _upload(client, evaluation, "A1.2", "脚本.exe", b"MZ\x90\x00").content.decode()
    assert "A1.2 小区（网格）党支部覆盖：脚本.exe 不是 PDF、JPG、PNG 或 DOCX 文件。" in page
    page = _upload(client, evaluation, "A1.2", "假的.pdf", b"MZ\x90\x00").content.decode()
    assert "A1.2 小区（网格）党支部覆盖：假的.pdf 的内容与文件类型不符。" in page
    assert not Evidence.objects.exists()


def test_the_street_and_the_district_download_but_an_outsider_and_a_member_get_404(district, evaluation, login):
    login(district.users["org_admin"])
    _upload(login(district.users["org_admin"]), evaluation, "A1.1", "记录.pdf", PDF)
    url = reverse("evaluations:evidence_download", kwargs={"pk": Evidence.objects.get().pk})
    for role, status in [
        ("street_staff", 200),
        ("district_approver", 200),
        ("outsider", 404),
        ("member", 404),
        ("nobody", 404),
    ]:
        assert login(district.users[role]).get(url).status_code == status, role


def test_an_outsider_cannot_upload_to_another_streets_evaluation(district, evaluation, login):
    client = login(district.users["outsider"])
    upload = SimpleUploadedFile("记录.pdf", PDF)
    response = client.post(_upload_url(evaluation, "review"), {"code": "A1.1", "file-A1.1": upload})
    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_after_submitting_the_self_assessment_is_read_only(district, evaluation, login):
    client = login(district.users["org_admin"])
    client.post(_scores_url(evaluation), {"lock_version": evaluation.lock_version, "points-A1.1": "2"})
    response = client.post(reverse("evaluations:evaluation_submit", kwargs={"pk": evaluation.pk}), follow=True)
    assert "自评已提交" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.stage.kind == StageKind.REVIEW
    page = client.get(_scores_url(evaluation)).content.decode()
    assert 'id="read-only"' in page and 'id="save-draft"' not in page and 'id="evidence-form"' not in page
    assert 'id="submit-self-assessment"' not in page and " readonly" in page
    refused = client.post(_scores_url(evaluation), {"lock_version": evaluation.lock_version, "points-A1.1": "1"})
    assert refused.status_code == 400
    assert Score.objects.get(evaluation=evaluation).points == 2
    _upload(client, evaluation, "A1.1", "记录.pdf", PDF)
    assert not Evidence.objects.exists()


def test_the_street_cannot_submit_the_self_assessment_and_an_outsider_gets_404(district, evaluation, login):
    url = reverse("evaluations:evaluation_submit", kwargs={"pk": evaluation.pk})
    assert login(district.users["street_staff"]).post(url).status_code == 403
    assert login(district.users["outsider"]).post(url).status_code == 404
    evaluation.refresh_from_db()
    assert evaluation.stage.kind == StageKind.SELF_ASSESSMENT and not evaluation.transitions.exists()


def test_the_score_entry_page_with_files_keeps_its_query_count(
    district, evaluation, login, django_assert_max_num_queries
):
    client = login(district.users["org_admin"])
    for code in ["A1.1", "A1.2", "B1.1", "C1.1"]:
        _upload(client, evaluation, code, f"{code}.pdf", PDF)
    with django_assert_max_num_queries(15):
        page = client.get(_scores_url(evaluation)).content.decode()
    assert page.count("/evidence/") >= 4


def test_every_evidence_download_is_in_the_audit_log_with_who_and_which_file(district, evaluation, login):
    _upload(login(district.users["org_admin"]), evaluation, "A1.1", "党员名单.pdf", PDF)
    evidence = Evidence.objects.get()
    staff = district.users["street_staff"]
    login(staff).get(reverse("evaluations:evidence_download", kwargs={"pk": evidence.pk}))
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=staff).get()
    assert (event.object_type, event.object_id) == ("evaluation", str(evaluation.pk))
    assert event.detail == {"kind": "evidence", "evidence": evidence.pk, "item": "A1.1"}
