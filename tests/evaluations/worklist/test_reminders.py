"""Reminders: before a stage deadline whoever has something waiting is notified, and the street when a publicity
window has lasted its days; running the job twice sends nothing new. The notification pages."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from evaluations.models import DepartmentOpinion, Notification, Objection
from evaluations.services.reminders import reminders_send
from evaluations.tasks import reminders_send as reminders_task
from orgs.models import AuditAction, AuditEvent
from tests.support.evaluations import at_stage, evaluation_of

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 4, 10, 9, 0, tzinfo=SHANGHAI)


def _deadline(campaign, kind, when):
    stage = campaign.stages.get(kind=kind)
    stage.deadline = when
    stage.save(update_fields=["deadline"])
    return stage


def _texts(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("text", flat=True))


def test_a_deadline_within_two_days_reminds_who_has_something_waiting_once(district, campaign):
    _deadline(campaign, "self_assessment", NOW + timedelta(days=1, hours=3))
    assert reminders_send(now=NOW) == 1
    assert _texts(district.users["org_admin"]) == [
        "2026年度社区党组织评星定级：自评环节将于 2026-04-11 12:00 截止，您还有 1 项待办。"
    ]
    assert reminders_send(now=NOW) == 0
    assert reminders_send(now=NOW + timedelta(hours=1)) == 0
    assert Notification.objects.count() == 1
    assert Notification.objects.get().url == reverse("evaluations:worklist")


def test_a_deadline_further_away_waits_and_a_passed_one_is_not_reminded(district, campaign):
    _deadline(campaign, "self_assessment", NOW + timedelta(days=3))
    assert reminders_send(now=NOW) == 0
    assert reminders_send(now=NOW + timedelta(days=1, hours=1)) == 1
    assert reminders_send(now=NOW + timedelta(days=4)) == 0


def test_the_reminder_days_are_a_setting(district, campaign, settings):
    settings.REMINDER_DAYS_BEFORE_DEADLINE = 5
    _deadline(campaign, "self_assessment", NOW + timedelta(days=4))
    assert reminders_send(now=NOW) == 1


def test_a_moved_deadline_reminds_again(district, campaign):
    _deadline(campaign, "self_assessment", NOW + timedelta(days=1))
    reminders_send(now=NOW)
    _deadline(campaign, "self_assessment", NOW + timedelta(days=2))
    assert reminders_send(now=NOW) == 1
    assert len(_texts(district.users["org_admin"])) == 2


def test_street_staff_are_reminded_of_their_streets_reviews_only(district, campaign):
    _deadline(campaign, "review", NOW + timedelta(days=1))
    for organization in (district.community, district.sibling_community, district.other_community):
        at_stage(evaluation_of(campaign, organization), "review")
    reminders_send(now=NOW)
    assert "您还有 2 项待办" in _texts(district.users["street_staff"])[0]
    assert "您还有 1 项待办" in _texts(district.users["outsider"])[0]
    assert _texts(district.users["org_admin"]) == []


def test_departments_that_owe_an_opinion_are_reminded(district, campaign):
    reviewer = district.users["department_reviewer"]
    campaign.departments.add(reviewer.department)
    _deadline(campaign, "consultation", NOW + timedelta(days=1))
    given = at_stage(evaluation_of(campaign, district.community), "consultation")
    at_stage(evaluation_of(campaign, district.sibling_community), "consultation")
    DepartmentOpinion.objects.create(evaluation=given, department=reviewer.department, kind="no_objection")
    reminders_send(now=NOW)
    assert "部门联审意见环节" in _texts(reviewer)[0]
    assert "您还有 1 项待办" in _texts(reviewer)[0]
    assert "您还有 2 项待办" in _texts(district.users["district_admin"])[0]


def test_an_ended_publicity_window_tells_the_street_it_can_be_closed(district, campaign):
    with time_machine.travel(NOW, tick=False):
        community = at_stage(evaluation_of(campaign, district.community), "publicity")
        at_stage(evaluation_of(campaign, district.sibling_community), "publicity")
    Objection.objects.create(evaluation=community, text="换届材料不实")
    assert reminders_send(now=NOW + timedelta(days=2, hours=23)) == 0
    assert reminders_send(now=NOW + timedelta(days=3)) == 1
    assert _texts(district.users["street_staff"]) == [
        "2026年度社区党组织评星定级：2 个党组织的公示期已满，可以结束公示；其中 1 个的异议须先答复。"
    ]
    assert _texts(district.users["outsider"]) == []
    assert reminders_send(now=NOW + timedelta(days=3, hours=1)) == 0


def test_the_beat_task_sends_the_reminders(district, campaign):
    _deadline(campaign, "self_assessment", datetime.now(SHANGHAI) + timedelta(days=1))
    assert reminders_task.delay().get() == 1
    assert reminders_task.delay().get() == 0


def test_the_beat_schedule_runs_the_task_hourly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-send"]
    assert entry["task"] == "evaluations.tasks.reminders_send"
    assert entry["schedule"].minute == {5}


def _notify(user, key, text, **fields):
    return Notification.objects.create(user=user, key=key, text=text, **fields)


def test_the_notification_page_lists_unread_first_and_marks_read(district, login):
    user = district.users["street_staff"]
    old = _notify(user, "old", "旧的已读通知", created_at=NOW, read_at=NOW)
    new = _notify(user, "new", "新的未读通知", created_at=NOW - timedelta(days=1), url=reverse("evaluations:worklist"))
    _notify(district.users["outsider"], "other", "别人的通知")
    client = login(user)
    html = client.get(reverse("evaluations:notification_list")).content.decode()
    assert html.index("新的未读通知") < html.index("旧的已读通知")
    assert "别人的通知" not in html
    response = client.post(reverse("evaluations:notification_read", args=[new.pk]), {"follow": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("evaluations:worklist")
    new.refresh_from_db()
    assert new.read_at is not None
    old.refresh_from_db()
    assert old.read_at == NOW


def test_mark_all_read_touches_only_the_users_own(district, login):
    user = district.users["street_staff"]
    _notify(user, "a", "一")
    _notify(user, "b", "二")
    other = _notify(district.users["outsider"], "c", "三")
    login(user).post(reverse("evaluations:notifications_read_all"))
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_another_users_notification_is_not_found_and_the_refusal_is_audited(district, login):
    other = _notify(district.users["outsider"], "c", "三")
    response = login(district.users["street_staff"]).post(reverse("evaluations:notification_read", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    refusal = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED)
    assert refusal.actor == district.users["street_staff"]
    assert (refusal.object_type, refusal.object_id) == ("notification", str(other.pk))


def test_the_notification_page_takes_the_same_queries_however_many(district, login, django_assert_max_num_queries):
    user = district.users["street_staff"]
    client = login(user)
    _notify(user, "k0", "通知")
    client.get(reverse("evaluations:notification_list"))
    with django_assert_max_num_queries(10) as queries:
        client.get(reverse("evaluations:notification_list"))
    for number in range(1, 30):
        _notify(user, f"k{number}", "通知")
    with django_assert_max_num_queries(len(queries.captured_queries)):
        assert client.get(reverse("evaluations:notification_list")).content.decode().count("标为已读") == 31
