"""A case from opening to close-out (整改销号, seed 003): the street opens it on the community, the community reports
progress with evidence and submits it, the street sends it back with a reason, the community submits again and the
street closes it out. Every step is in the case's history, the audit and the other side's notifications."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations.models import Notification, RectificationCase
from evaluations.services.rectification import close_out, report_progress, send_back, submit_for_close_out
from orgs.models import AuditEvent
from tests.support.rectification import case_on

pytestmark = pytest.mark.postgres


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_open_progress_submit_send_back_submit_close(district, media):
    community, street = district.users["org_admin"], district.users["street_staff"]
    case = case_on(district)
    assert case.status == "open"
    assert Notification.objects.filter(user=community, key=f"rectification:{case.pk}:opened").exists()

    first, second = case.tasks.order_by("order")
    photo = SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4\n...")
    report_progress(case=case, note="已补齐第三季度会议记录", tasks_done=[first.pk], uploads=[photo], by=community)
    with pytest.raises(ValidationError, match="召开专题组织生活会"):
        submit_for_close_out(case=case, by=community)
    report_progress(case=case, note="10月8日召开专题组织生活会", tasks_done=[second.pk], by=community)
    submit_for_close_out(case=case, note="整改完成，申请销号", by=community)
    assert Notification.objects.filter(user=street, key__startswith=f"rectification:{case.pk}:submitted").count() == 1

    send_back(case=case, reason="会议记录缺少参会人员签名", by=street)
    case.refresh_from_db()
    assert case.status == "returned"
    back = Notification.objects.get(user=community, key__startswith=f"rectification:{case.pk}:sent-back")
    assert "会议记录缺少参会人员签名" in back.text

    report_progress(case=case, note="已补签名", by=community)
    submit_for_close_out(case=case, by=community)
    close_out(case=case, note="经核查，整改到位，予以销号", by=street)

    case = RectificationCase.objects.get(pk=case.pk)
    assert case.status == "closed" and case.closed_at is not None
    history = list(case.events.order_by("at", "pk").values_list("step", "from_status", "to_status", "by__username"))
    assert history == [
        ("opened", "", "open", "street_staff"),
        ("progress", "open", "reported", "org_admin"),
        ("progress", "reported", "reported", "org_admin"),
        ("submitted", "reported", "submitted", "org_admin"),
        ("sent_back", "submitted", "returned", "street_staff"),
        ("progress", "returned", "reported", "org_admin"),
        ("submitted", "reported", "submitted", "org_admin"),
        ("closed", "submitted", "closed", "street_staff"),
    ]
    assert case.events.get(step="sent_back").text == "会议记录缺少参会人员签名"
    evidence = case.events.filter(step="progress").first().evidence.get()
    assert evidence.original_name == "会议记录.pdf" and evidence.content_type == "application/pdf"
    steps = AuditEvent.objects.filter(object_type="rectification_case", object_id=str(case.pk))
    assert steps.filter(action="rectification_open").count() == 1
    assert steps.filter(action="rectification_step").count() == 7
    with pytest.raises(ValidationError, match="已销号"):
        report_progress(case=case, note="再补充", by=community)


def test_a_renamed_file_is_refused_and_nothing_is_recorded(district, media):
    case = case_on(district)
    fake = SimpleUploadedFile("照片.jpg", b"not a picture")
    with pytest.raises(ValidationError, match=r"照片\.jpg"):
        report_progress(case=case, note="已整改", uploads=[fake], by=district.users["org_admin"])
    case.refresh_from_db()
    assert case.status == "open"
    assert case.events.count() == 1


def test_a_send_back_needs_a_reason_and_may_give_a_new_deadline(district, media):
    case = case_on(district)
    report_progress(
        case=case,
        note="已整改",
        tasks_done=list(case.tasks.values_list("pk", flat=True)),
        by=district.users["org_admin"],
    )
    submit_for_close_out(case=case, by=district.users["org_admin"])
    with pytest.raises(ValidationError, match="退回的原因"):
        send_back(case=case, reason="  ", by=district.users["street_staff"])
    later = case.deadline.replace(year=case.deadline.year + 1)
    send_back(case=case, reason="证明材料不足", deadline=later, by=district.users["street_staff"])
    case.refresh_from_db()
    assert case.deadline == later
    assert case.events.get(step="sent_back").detail["new_deadline"] == later.isoformat()


def test_opening_checks_each_field_and_names_it(district):
    with pytest.raises(ValidationError) as refused:
        case_on(district, title=" ", tasks=["", " "], owner=district.users["outsider"])
    errors = refused.value.message_dict
    assert set(errors) == {"title", "tasks", "owner"}
    assert "西城" not in errors["owner"][0] and "东城第一社区党委" in errors["owner"][0]
    assert not RectificationCase.objects.exists()
