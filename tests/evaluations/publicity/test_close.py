"""Closing a street's publicity: not before its days have passed, not while an objection is unanswered; each
refusal names the organization and changes nothing; afterwards the organizations wait for department opinions
and the public page no longer lists them. The notice prints as PDF with Chinese text."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from evaluations.exports.publicity_notice import NoticeEntry, NoticeText, publicity_notice_pdf
from evaluations.models import Objection, Transition
from evaluations.rules.workflow import StageKind
from orgs.models import AuditAction, AuditEvent
from tests.support.evaluations import at_stage, evaluation_of
from tests.support.publicity import public_url, publicised

# Each test counts the objection throttle from zero.
pytestmark = pytest.mark.usefixtures("own_cache")


def close_url(campaign, street) -> str:
    return reverse("evaluations:publicity_close", kwargs={"campaign_id": campaign.pk, "street_code": street.code})


def test_closing_before_three_days_is_refused_naming_the_organization(district, login):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        campaign, evaluation = publicised(district)
        traveller.shift(timedelta(days=2, hours=23))

        response = login(district.users["street_staff"]).post(close_url(campaign, district.street), follow=True)

    text = response.content.decode()
    assert district.community.name in text and "公示不能结束" in text and "3" in text
    evaluation.refresh_from_db()
    assert evaluation.stage.kind == StageKind.PUBLICITY
    assert not Transition.objects.filter(evaluation=evaluation).exists()


def test_an_unanswered_objection_keeps_the_publicity_open(district, login):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        campaign, evaluation = publicised(district)
        Objection.objects.create(evaluation=evaluation, text="有异议")
        traveller.shift(timedelta(days=4))

        response = login(district.users["street_staff"]).post(close_url(campaign, district.street), follow=True)

    text = response.content.decode()
    assert district.community.name in text and "异议" in text and "未答复" in text
    evaluation.refresh_from_db()
    assert evaluation.stage.kind == StageKind.PUBLICITY


def test_after_three_days_with_every_objection_answered_the_street_closes_its_publicity(district, login, client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        campaign, evaluation = publicised(district)
        sibling = at_stage(evaluation_of(campaign, district.sibling_community), "publicity")
        Objection.objects.create(evaluation=evaluation, text="有异议", answer="已核实", answered_at=timezone.now())
        traveller.shift(timedelta(days=3, minutes=1))
        staff = login(district.users["street_staff"])

        response = staff.post(close_url(campaign, district.street), follow=True)

        assert "已结束公示" in response.content.decode()
        for moved in (evaluation, sibling):
            moved.refresh_from_db()
            assert moved.stage.kind == StageKind.CONSULTATION
        assert Transition.objects.filter(evaluation=evaluation, action="submit").exists()
        client.logout()
        public = client.get(public_url(campaign, district.street)).content.decode()
        assert district.community.name not in public


def test_the_other_street_is_left_alone_when_a_street_closes(district, login):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        campaign, _ = publicised(district)
        other = at_stage(evaluation_of(campaign, district.other_community), "publicity")
        traveller.shift(timedelta(days=4))

        login(district.users["street_staff"]).post(close_url(campaign, district.street))

    other.refresh_from_db()
    assert other.stage.kind == StageKind.PUBLICITY


def test_staff_of_another_street_cannot_close_it(district, login):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        campaign, evaluation = publicised(district)
        traveller.shift(timedelta(days=4))

        response = login(district.users["outsider"]).post(close_url(campaign, district.street))

    assert response.status_code == 404
    evaluation.refresh_from_db()
    assert evaluation.stage.kind == StageKind.PUBLICITY


def test_the_notice_prints_as_pdf_with_the_chinese_font_and_its_download_is_audited(district, login):
    campaign, _ = publicised(district)

    response = login(district.users["street_staff"]).get(
        reverse(
            "evaluations:publicity_notice", kwargs={"campaign_id": campaign.pk, "street_code": district.street.code}
        )
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "公示通知" in text and district.community.name in text and "4星" in text
    assert f"/publicity/{campaign.pk}/{district.street.code}/" in text
    download = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert download.actor == district.users["street_staff"]
    assert (download.object_type, download.object_id) == ("organization", str(district.street.pk))
    assert download.detail == {"kind": "publicity_notice", "format": "pdf", "campaign": campaign.pk, "rows": 1}


def test_the_notice_states_the_organizations_the_window_and_the_address():
    pdf = publicity_notice_pdf(
        [NoticeEntry(organization=f"第{n}社区党委", stars="4星", total="92.5") for n in range(60)],
        NoticeText(
            title="公示通知：2026年度评星定级",
            introduction="复核工作已完成。",
            window="公示期：2026-05-01 至 2026-05-04",
            headers=("序号", "党组织", "拟定星级", "总分"),
            how_to_object=("提出异议的方式：……",),
            url="http://testserver/publicity/1/S01/",
            issuer="东城街道党工委",
            empty="无",
        ),
    )

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "第59社区党委" in text and "公示期" in text and "/publicity/1/S01/" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
