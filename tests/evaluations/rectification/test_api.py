"""Rectification over the API, through the pages' services: the street opens a case, the community reports progress
and submits it, the street sends it back and closes it out; the other side is refused with its reason, a bad entry
is a 400 naming the field; lists are scoped and filtered."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import RectificationCase
from tests.support.api import api

pytestmark = pytest.mark.postgres


def test_a_case_from_opening_to_close_out(district):
    street, community = api(district.users["street_staff"]), api(district.users["org_admin"])
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    opened = street.post(
        reverse("api-rectification-case-list"),
        {
            "organization": district.community.pk,
            "kind": "public_commitment",
            "title": "为民办实事承诺",
            "description": "年内完成老旧小区加装电梯协调",
            "tasks": ["召开居民协商会", "提交加装申请"],
            "deadline": deadline,
            "owner": district.users["org_admin"].pk,
        },
        format="json",
    )
    assert opened.status_code == 201, opened.json()
    case = opened.json()
    assert case["status"] == "open" and [task["text"] for task in case["tasks"]] == ["召开居民协商会", "提交加装申请"]
    url = lambda name: reverse(f"api-rectification-case-{name}", args=[case["id"]])  # noqa: E731
    refused = community.post(url("submit"), {}, format="json")
    assert refused.status_code == 400 and "召开居民协商会" in refused.json()["errors"]["note"]
    task_ids = [task["id"] for task in case["tasks"]]
    reported = community.post(url("progress"), {"note": "已协商并提交申请", "tasks_done": task_ids}, format="json")
    assert reported.json()["status"] == "reported"
    assert community.post(url("submit"), {"note": ""}, format="json").json()["status"] == "submitted"
    own_close = community.post(url("close"), {}, format="json")
    assert own_close.status_code == 403 and "不能为本组织的整改事项销号" in own_close.json()["detail"]
    back = street.post(url("send-back"), {"reason": "缺少协商会记录"}, format="json").json()
    assert back["status"] == "returned" and back["history"][-1]["text"] == "缺少协商会记录"
    community.post(url("progress"), {"note": "补充会议记录"}, format="json")
    community.post(url("submit"), {}, format="json")
    closed = street.post(url("close"), {"note": "核查通过"}, format="json").json()
    assert closed["status"] == "closed" and closed["status_label"] == "已销号"
    assert [step["step"] for step in closed["history"]] == [
        "opened",
        "progress",
        "submitted",
        "sent_back",
        "progress",
        "submitted",
        "closed",
    ]


def test_a_bad_entry_names_the_field_and_opens_nothing(district):
    street = api(district.users["street_staff"])
    response = street.post(
        reverse("api-rectification-case-list"),
        {
            "organization": district.community.pk,
            "kind": "problem_list",
            "title": "x",
            "description": "y",
            "tasks": ["z"],
            "deadline": "2001-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"deadline", "owner_name"}
    assert not RectificationCase.objects.exists()


def test_the_list_is_scoped_and_filtered(district):
    from tests.support.rectification import case_on

    case_on(district, title="东城事项")
    case_on(district, district.other_community, by="outsider", title="西城事项", owner=None, owner_name="李书记")
    outsider = api(district.users["outsider"])
    titles = [row["title"] for row in outsider.get(reverse("api-rectification-case-list")).json()["results"]]
    assert titles == ["西城事项"]
    admin = api(district.users["district_admin"])
    listed = admin.get(reverse("api-rectification-case-list"), {"organization": district.street.pk}).json()
    assert [row["title"] for row in listed["results"]] == ["东城事项"]
    assert admin.get(reverse("api-rectification-case-list"), {"overdue": "true"}).json()["results"] == []
    assert admin.get(reverse("api-rectification-case-list"), {"status": "nonsense"}).status_code == 400
