"""我的待办: what waits for each user, in their scope, with deadlines and days left, overdue first."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from evaluations.models import DepartmentOpinion, Objection, RecommendedList
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 4, 10, 9, 0, tzinfo=SHANGHAI)


def _section(html: str, section: str) -> str:
    match = re.search(rf'<section class="card" id="{section}">(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


def _organizations(html: str, section: str = "waiting") -> list[str]:
    return re.findall(r'<a href="/evaluations/\d+/">(.*?)</a>', _section(html, section))


def _page(client) -> str:
    response = client.get(reverse("evaluations:worklist"))
    assert response.status_code == 200
    return response.content.decode()


def _deadline(campaign, kind, when):
    stage = campaign.stages.get(kind=kind)
    stage.deadline = when
    stage.save(update_fields=["deadline"])


def test_each_role_sees_the_evaluations_at_the_stage_it_acts_on_in_its_scope(district, campaign, login):
    at_stage(evaluation_of(campaign, district.sibling_community), "review")
    assert _organizations(_page(login(district.users["org_admin"]))) == ["东城第一社区党委"]
    assert _organizations(_page(login(district.users["street_staff"]))) == ["东城村党总支"]
    assert _organizations(_page(login(district.users["outsider"]))) == []
    assert "暂无待办事项。" in _page(login(district.users["member"]))


def test_deadlines_show_days_left_and_the_overdue_come_first(district, campaign, login):
    _deadline(campaign, "review", datetime(2026, 4, 8, 18, 0, tzinfo=SHANGHAI))
    _deadline(campaign, "publicity", datetime(2026, 4, 15, 18, 0, tzinfo=SHANGHAI))
    at_stage(evaluation_of(campaign, district.sibling_community), "publicity")
    at_stage(evaluation_of(campaign, district.community), "review")
    with time_machine.travel(NOW, tick=False):
        html = _page(login(district.users["street_staff"]))
    assert _organizations(html) == ["东城第一社区党委", "东城村党总支"]
    rows = _section(html, "waiting")
    assert re.search(r'<tr class="overdue">.*?2026-04-08 18:00.*?已逾期 2 天', rows, re.S)
    assert "2026-04-15 18:00" in rows and "还剩 5 天" in rows


def test_an_approved_evaluation_waits_for_nobody(district, campaign, login):
    evaluation = evaluation_of(campaign, district.community)
    evaluation.status = "approved"
    evaluation.approved_stars = 3
    evaluation.save(update_fields=["status", "approved_stars"])
    assert _organizations(_page(login(district.users["org_admin"]))) == []


def test_a_department_reviewer_sees_the_organizations_awaiting_its_opinion(district, campaign, login):
    reviewer = district.users["department_reviewer"]
    campaign.departments.add(reviewer.department)
    evaluation = at_stage(evaluation_of(campaign, district.community), "consultation")
    at_stage(evaluation_of(campaign, district.sibling_community), "consultation")
    client = login(reviewer)
    assert _organizations(_page(client), "opinions") == ["东城第一社区党委", "东城村党总支"]
    DepartmentOpinion.objects.create(evaluation=evaluation, department=reviewer.department, kind="no_objection")
    assert _organizations(_page(client), "opinions") == ["东城村党总支"]


def test_a_department_not_consulted_has_nothing_to_give(district, campaign, login):
    at_stage(evaluation_of(campaign, district.community), "consultation")
    assert 'id="opinions"' not in _page(login(district.users["department_reviewer"]))


def test_street_staff_see_the_unanswered_objections_of_their_street_only(district, campaign, login):
    evaluation = at_stage(evaluation_of(campaign, district.community), "publicity")
    Objection.objects.create(evaluation=evaluation, text="换届材料不实")
    Objection.objects.create(evaluation=evaluation, text="已答复的异议", answer="已核实", answered_at=NOW)
    html = _page(login(district.users["street_staff"]))
    assert "换届材料不实" in _section(html, "objections")
    assert "已答复的异议" not in html
    assert 'id="objections"' not in _page(login(district.users["outsider"]))


def test_the_approver_sees_a_submitted_recommended_list(district, campaign, login):
    recommended = RecommendedList.objects.create(campaign=campaign, five_star_cap=30, status="draft")
    client = login(district.users["district_approver"])
    assert 'id="lists"' not in _page(client)
    recommended.status = "submitted"
    recommended.submitted_at = NOW
    recommended.save(update_fields=["status", "submitted_at"])
    lists = _section(_page(client), "lists")
    assert campaign.name in lists
    assert reverse("evaluations:recommended_list", args=[campaign.pk]) in lists


def test_the_navigation_counts_what_waits_and_the_unread_notifications(district, campaign, login):
    from evaluations.models import Notification

    at_stage(evaluation_of(campaign, district.sibling_community), "review")
    at_stage(evaluation_of(campaign, district.community), "publicity")
    street_staff = district.users["street_staff"]
    Notification.objects.create(user=street_staff, key="a", text="公示期已满")
    html = login(street_staff).get(reverse("evaluations:campaign_list")).content.decode()
    assert re.search(r'id="nav-worklist">我的待办 <strong class="nav-count">2</strong>', html)
    assert re.search(r'id="nav-notifications">通知 <strong class="nav-count">1</strong>', html)


def test_the_page_takes_the_same_queries_for_one_or_many(district, campaign, login, django_assert_max_num_queries):
    client = login(district.users["district_admin"])
    for organization in (district.community, district.sibling_community, district.other_community):
        at_stage(evaluation_of(campaign, organization), "consultation")
    client.get(reverse("evaluations:worklist"))
    with django_assert_max_num_queries(10) as queries:
        html = _page(client)
    assert len(_organizations(html)) == 3
    more = open_community_campaign(district, template=campaign.template)
    for evaluation in more.evaluations.all():
        at_stage(evaluation, "consultation")
    with django_assert_max_num_queries(len(queries.captured_queries)):
        html = _page(client)
    assert len(_organizations(html)) == 6
