"""Overdue cases (seed 003): the beat job reminds the owner once the deadline has passed and tells the level above
RECTIFICATION_ESCALATE_AFTER_DAYS later, each once however often it runs; both are in the case's history."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from evaluations.models import Notification
from evaluations.services.rectification import close_out, report_progress, send_back, submit_for_close_out
from evaluations.tasks import rectification_remind_overdue
from tests.support.rectification import case_on

pytestmark = pytest.mark.postgres


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _notices(user, case, step):
    return Notification.objects.filter(user=user, key__startswith=f"rectification:{case.pk}:{step}:")


def test_overdue_reminder_and_escalation_are_sent_once(district, settings):
    settings.RECTIFICATION_ESCALATE_AFTER_DAYS = 7
    case = case_on(district, days=3)
    community, street = district.users["org_admin"], district.users["street_staff"]
    with time_machine.travel(_at(case.deadline), tick=False):
        assert rectification_remind_overdue() == 0
    with time_machine.travel(_at(case.deadline + timedelta(days=1)), tick=False):
        assert rectification_remind_overdue() == 1
        assert rectification_remind_overdue() == 0
    assert _notices(community, case, "reminded").count() == 1
    assert not _notices(street, case, "escalated").exists()
    with time_machine.travel(_at(case.deadline + timedelta(days=7)), tick=False):
        assert rectification_remind_overdue() == 1
        assert rectification_remind_overdue() == 0
    assert _notices(community, case, "reminded").count() == 1
    escalation = _notices(street, case, "escalated").get()
    assert "东城第一社区党委" in escalation.text and "仍未销号" in escalation.text
    assert list(case.events.values_list("step", flat=True)) == ["opened", "reminded", "escalated"]
    assert case.events.get(step="escalated").detail["days_overdue"] == 7


def test_a_new_deadline_starts_the_reminders_again_and_a_closed_case_gets_none(district, settings):
    settings.RECTIFICATION_ESCALATE_AFTER_DAYS = 0
    case = case_on(district, days=1)
    community, street = district.users["org_admin"], district.users["street_staff"]
    with time_machine.travel(_at(case.deadline + timedelta(days=1)), tick=False):
        assert rectification_remind_overdue() == 2
        report_progress(
            case=case, note="已整改", tasks_done=list(case.tasks.values_list("pk", flat=True)), by=community
        )
        submit_for_close_out(case=case, by=community)
        send_back(case=case, reason="材料不全", deadline=case.deadline + timedelta(days=5), by=street)
        assert rectification_remind_overdue() == 0
    case.refresh_from_db()
    with time_machine.travel(_at(case.deadline + timedelta(days=1)), tick=False):
        assert rectification_remind_overdue() == 2
        submit_for_close_out(case=case, by=community)
        close_out(case=case, by=street)
    with time_machine.travel(_at(case.deadline + timedelta(days=30)), tick=False):
        assert rectification_remind_overdue() == 0
    assert _notices(community, case, "reminded").count() == 2
