"""The follow-up pages, the honours export and the API: each role sees its own scope, the branch keeps its cases."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import FollowUp
from orgs.models import AuditEvent, Member
from tests.support.followups import follow_up_of, graded_campaign


@pytest.fixture
def graded(district):
    return graded_campaign(district)


def test_the_branch_lists_its_follow_ups_and_another_street_none(district, graded, client):
    client.force_login(district.users["org_admin"])
    page = client.get(reverse("evaluations:follow_up_list"), {"kind": "paired_help"}).content.decode()
    assert "钱七" in page and "尚未确定帮扶人" in page and "孙八" not in page
    client.force_login(district.users["outsider"])
    assert "暂无后续跟进" in client.get(reverse("evaluations:follow_up_list")).content.decode()


def test_the_list_takes_the_same_queries_for_more_follow_ups(district, graded, client, django_assert_max_num_queries):
    client.force_login(district.users["district_admin"])
    with django_assert_max_num_queries(12):
        client.get(reverse("evaluations:follow_up_list"))


def test_naming_a_helper_on_the_page_and_a_bad_choice_keeps_what_was_typed(district, graded, client):
    client.force_login(district.users["org_admin"])
    url = reverse("evaluations:follow_up_detail", kwargs={"pk": follow_up_of("钱七").pk})
    stranger = Member.objects.get(name="李四")
    refused = client.post(url, {"action": "pair", "helper": stranger.pk, "plan": "每月谈心"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "请从本支部在册党员中选择帮扶人。" in body and "每月谈心" in body
    helper = Member.objects.get(name="赵六")
    saved = client.post(url, {"action": "pair", "helper": helper.pk, "plan": "每月谈心"}, follow=True)
    assert "帮扶人和帮扶计划已保存。" in saved.content.decode()
    assert follow_up_of("钱七").helper == helper


def test_the_approver_reads_a_case_but_cannot_change_it(district, graded, client):
    client.force_login(district.users["district_approver"])
    url = reverse("evaluations:follow_up_detail", kwargs={"pk": follow_up_of("孙八").pk})
    assert "只读" in client.get(url).content.decode()
    refused = client.post(url, {"action": "step", "step": "proposal", "text": "提出意见"})
    assert refused.status_code == 403
    assert follow_up_of("孙八").step == "talk"
    assert AuditEvent.objects.filter(action="access_refused", actor=district.users["district_approver"]).exists()


def test_the_district_exports_the_honours_priority_list_best_first(district, graded, client):
    client.force_login(district.users["district_admin"])
    response = client.get(reverse("evaluations:honours_priority_export"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows.index(next(row for row in rows if row and row[0] == "优先序号"))
    assert [row[:2] for row in rows[header + 1 :]] == [(1, "张三"), (2, "王五")]
    assert rows[header + 1][6] == 96


def test_the_api_lists_follow_ups_in_scope_with_filters_and_notes(district, graded, client):
    client.force_login(district.users["street_staff"])
    listed = client.get(reverse("api-follow-up-list"), {"kind": "disposal"}).json()
    assert [row["member_name"] for row in listed["results"]] == ["孙八"]
    case = listed["results"][0]
    assert (case["step"], case["step_label"]) == ("talk", "支部谈话了解情况")
    detail = client.get(reverse("api-follow-up-detail", kwargs={"pk": case["id"]})).json()
    assert detail["notes"] == []
    bad = client.get(reverse("api-follow-up-list"), {"kind": "award"})
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]
    client.force_login(district.users["outsider"])
    assert client.get(reverse("api-follow-up-list")).json()["count"] == 0
    assert FollowUp.objects.count() == 4
