"""Who takes which step: the organization reports and submits, the level above opens, closes out and sends back;
a refusal says why in Chinese, changes nothing and is audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from evaluations.services.rectification import close_out, report_progress, submit_for_close_out
from orgs.models import AuditAction, AuditEvent
from tests.support.rectification import case_on

pytestmark = pytest.mark.postgres


def _submitted(district):
    case = case_on(district)
    community = district.users["org_admin"]
    report_progress(case=case, note="已整改", tasks_done=list(case.tasks.values_list("pk", flat=True)), by=community)
    return submit_for_close_out(case=case, by=community)


def test_a_community_cannot_close_out_its_own_case(district):
    case = _submitted(district)
    with translation.override("zh-hans"), pytest.raises(PermissionDenied) as refused:
        close_out(case=case, by=district.users["org_admin"])
    assert "不能为本组织的整改事项销号" in str(refused.value)
    case.refresh_from_db()
    assert case.status == "submitted"
    refusal = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED)
    assert (refusal.actor, refusal.object_type, refusal.object_id) == (
        district.users["org_admin"],
        "rectification_case",
        str(case.pk),
    )


def test_the_street_does_not_report_for_the_community(district):
    case = case_on(district)
    with pytest.raises(PermissionDenied):
        report_progress(case=case, note="代为填报", by=district.users["street_staff"])
    assert case.events.count() == 1


def test_the_community_does_not_open_cases_and_the_street_not_on_itself(district):
    with pytest.raises(PermissionDenied):
        case_on(district, by="org_admin")
    with pytest.raises(PermissionDenied):
        case_on(district, district.street, by="street_staff")
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).count() == 2


def test_the_district_checks_a_streets_own_case(district):
    case = case_on(district, district.street, by="district_admin")
    street = district.users["street_staff"]
    report_progress(case=case, note="已整改", tasks_done=list(case.tasks.values_list("pk", flat=True)), by=street)
    submit_for_close_out(case=case, by=street)
    with pytest.raises(PermissionDenied):
        close_out(case=case, by=street)
    assert close_out(case=case, by=district.users["district_admin"]).status == "closed"


def test_another_streets_staff_cannot_close_out(district):
    case = _submitted(district)
    with pytest.raises(PermissionDenied):
        close_out(case=case, by=district.users["outsider"])
