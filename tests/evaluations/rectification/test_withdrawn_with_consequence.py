"""A case opened from a consequence whose results are corrected (整改销号 and 结果运用, seeds 003 and 004): one star in
January puts the community on the weak-and-lax list and the street opens its case from that row; the stars corrected
to three withdraw the consequence and, with it, the case still being worked on (已撤销, with the reason, in the
history, told to the community, reminded of nothing, counted and exported as such); a case already closed out stays
closed out with a note; one star again brings a new consequence and a new case."""

import io
from datetime import timedelta

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Consequence, Notification, RectificationCase
from evaluations.rules.workflow import Action, StageKind
from evaluations.services.rectification import close_out, report_progress, submit_for_close_out
from evaluations.services.rectification_overdue import remind_overdue
from evaluations.services.transitions import evaluation_transition
from orgs.models import AuditEvent
from tests.support.evaluations import at_stage
from tests.support.rectification import (
    case_from_consequence,
    corrected,
    evidence_file,
    one_star_month,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def weak_and_lax(district) -> Consequence:
    return Consequence.objects.get(organization=district.community, action="weak_and_lax", status="active")


def test_the_street_opens_the_case_from_the_weak_and_lax_row(district, login):
    one_star_month(district)
    consequence = weak_and_lax(district)
    client = login(district.users["street_staff"])
    listed = client.get(reverse("evaluations:consequence_list"), {"list": "weak_and_lax"}).content.decode()
    opening = f"{reverse('evaluations:rectification_open')}?consequence={consequence.pk}"
    assert opening in listed
    form = client.get(opening).content.decode()
    assert "2026年1月 1星" in form and f'name="consequence" value="{consequence.pk}"' in form
    deadline = timezone.localdate() + timedelta(days=60)
    response = client.post(
        reverse("evaluations:rectification_open"),
        {
            "consequence": consequence.pk,
            "organization": district.other_community.pk,  # ignored: the consequence says where
            "year": 2026,
            "title": "软弱涣散党组织整顿",
            "description": consequence.explanation,
            "tasks": "调整充实班子\n建立整顿台账",
            "deadline": deadline.isoformat(),
            "owner": district.users["org_admin"].pk,
        },
    )
    case = RectificationCase.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/rectification/{case.pk}/")
    assert (case.organization, case.kind, case.source_kind, case.source_id) == (
        district.community,
        "consequence",
        "consequence",
        consequence.pk,
    )
    listed = client.get(reverse("evaluations:consequence_list"), {"list": "weak_and_lax"}).content.decode()
    assert opening not in listed and reverse("evaluations:rectification_detail", args=[case.pk]) in listed


def test_a_corrected_result_withdraws_the_open_case_with_the_reason(district, login):
    evaluation = one_star_month(district)
    case = case_from_consequence(district, weak_and_lax(district))
    corrected(evaluation, 3)

    case.refresh_from_db()
    assert case.status == "cancelled" and case.cancelled_at is not None
    assert "不再" in case.cancelled_reason and "2026年1月 3星" in case.cancelled_reason
    assert not Consequence.objects.filter(action="weak_and_lax", status="active").exists()
    last = case.events.order_by("at", "pk").last()
    assert (last.step, last.from_status, last.to_status, last.by) == ("cancelled", "open", "cancelled", None)
    assert last.text == case.cancelled_reason
    told = Notification.objects.get(user=district.users["org_admin"], key=f"rectification:{case.pk}:withdrawn")
    assert "已撤销" in told.text and "2026年1月 3星" in told.text
    assert AuditEvent.objects.filter(action="rectification_withdrawn").count() == 1

    # Past its deadline the withdrawn case is neither overdue nor reminded.
    with time_machine.travel(timezone.now() + timedelta(days=60)):
        assert remind_overdue() == 0
        client = login(district.users["district_admin"])
        page = client.get(reverse("evaluations:rectification_list")).content.decode()
        assert 'id="count-open">0<' in page and 'id="count-overdue">0<' in page
        assert 'id="count-cancelled">1<' in page
    assert "已撤销" in client.get(reverse("evaluations:rectification_list"), {"status": "cancelled"}).content.decode()
    assert case.title not in client.get(reverse("evaluations:rectification_list"), {"status": "open"}).content.decode()
    detail = client.get(reverse("evaluations:rectification_detail", args=[case.pk])).content.decode()
    assert "已撤销" in detail and case.cancelled_reason in detail and 'id="form-' not in detail
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("evaluations:rectification_export")).content)).active
    row = [cell.value for cell in next(row for row in sheet.iter_rows() if row[6].value == case.title)]
    assert "已撤销" in row and case.cancelled_reason in row

    # Rerunning the job changes nothing more.
    corrected(evaluation, 3)
    assert case.events.filter(step="cancelled").count() == 1
    assert Notification.objects.filter(key__startswith=f"rectification:{case.pk}:withdrawn").count() == 1


def test_a_revision_of_the_approved_result_withdraws_the_case_through_the_queued_job(
    district, django_capture_on_commit_callbacks
):
    evaluation = at_stage(one_star_month(district), StageKind.APPROVAL)
    case = case_from_consequence(district, weak_and_lax(district))
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_transition(
            evaluation=evaluation,
            action=Action.REVISE,
            by=district.users["district_admin"],
            reason="街道复核发现一月份党员大会记录漏评，更正复核分",
            target_order=1,
        )
    case.refresh_from_db()
    assert case.status == "cancelled" and "暂无审定结果" in case.cancelled_reason
    assert Notification.objects.filter(key=f"rectification:{case.pk}:withdrawn").exists()


def test_a_closed_out_case_stays_closed_out_with_a_note(district, media):
    evaluation = one_star_month(district)
    case = case_from_consequence(district, weak_and_lax(district))
    community, street = district.users["org_admin"], district.users["street_staff"]
    tasks = list(case.tasks.values_list("pk", flat=True))
    report_progress(case=case, note="班子已调整", tasks_done=tasks, uploads=[evidence_file()], by=community)
    submit_for_close_out(case=case, by=community)
    close_out(case=case, by=street)
    case.refresh_from_db()
    closed_at, version = case.closed_at, case.lock_version

    corrected(evaluation, 3)
    case.refresh_from_db()
    assert (case.status, case.closed_at, case.lock_version, case.cancelled_reason) == ("closed", closed_at, version, "")
    note = case.events.order_by("at", "pk").last()
    assert (note.step, note.from_status, note.to_status) == ("source_withdrawn", "closed", "closed")
    assert "2026年1月 3星" in note.text
    assert not Notification.objects.filter(key=f"rectification:{case.pk}:withdrawn").exists()


def test_when_the_consequence_holds_again_a_new_case_can_be_opened(district, login):
    evaluation = one_star_month(district)
    withdrawn = weak_and_lax(district)
    first = case_from_consequence(district, withdrawn)
    corrected(evaluation, 3)
    withdrawn.refresh_from_db()
    with pytest.raises(ValidationError, match="不在执行中"):
        case_from_consequence(district, withdrawn)
    corrected(evaluation, 1)  # corrected back: the consequence holds again, as a new row
    again = weak_and_lax(district)
    assert again.pk != first.source_id
    client = login(district.users["street_staff"])
    listed = client.get(reverse("evaluations:consequence_list"), {"list": "weak_and_lax"}).content.decode()
    assert f"?consequence={again.pk}" in listed
    second = case_from_consequence(district, again)
    first.refresh_from_db()
    assert second.pk != first.pk and second.status == "open" and first.status == "cancelled"
    page = client.get(reverse("evaluations:rectification_list")).content.decode()
    assert 'id="count-open">1<' in page and 'id="count-cancelled">1<' in page


def test_one_firing_opens_one_case_for_its_weak_and_lax_and_rectification_rows(district, login):
    """One star brings both rows (rule L2); the case opened from one serves the other: the other row links to it,
    asking to open from it shows that case, and opening from it again opens nothing new."""
    one_star_month(district)
    weak = weak_and_lax(district)
    rectify = Consequence.objects.get(organization=district.community, action="rectification", status="active")
    assert (weak.rule_id, weak.occasion) == (rectify.rule_id, rectify.occasion)
    case = case_from_consequence(district, weak)
    client = login(district.users["street_staff"])
    listed = client.get(reverse("evaluations:consequence_list"), {"list": "other"}).content.decode()
    assert f"?consequence={rectify.pk}" not in listed
    assert reverse("evaluations:rectification_detail", args=[case.pk]) in listed
    asked = client.get(reverse("evaluations:rectification_open"), {"consequence": rectify.pk})
    assert asked.status_code == 302 and asked["Location"].endswith(f"/rectification/{case.pk}/")
    assert "已有整改事项" in client.get(asked["Location"]).content.decode()
    assert case_from_consequence(district, rectify) == case
    assert RectificationCase.objects.count() == 1
