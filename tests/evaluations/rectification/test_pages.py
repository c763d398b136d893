"""The pages of rectification: the list with its counts, filters and order, the ledger in Excel, opening a case, and
a case's page with the forms of whoever acts now; a street sees only its own street's cases."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import RectificationCase
from orgs.models import AuditAction, AuditEvent
from tests.support.rectification import case_on, submitted_case

pytestmark = pytest.mark.postgres


@pytest.fixture
def cases(district, settings, tmp_path):
    """Three cases of the community (one overdue, one closed out) and one of the other street's community."""
    settings.MEDIA_ROOT = tmp_path
    overdue = case_on(district, title="组织生活不规范", days=5)
    RectificationCase.objects.filter(pk=overdue.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    case_on(district, title="阵地建设不达标", days=60)
    closed = submitted_case(district, title="公开承诺：办好十件实事", kind="public_commitment", days=10)
    client_side = district.users["street_staff"]
    from evaluations.services.rectification import close_out

    close_out(case=closed, by=client_side)
    case_on(district, district.other_community, by="outsider", title="西城问题", owner=None, owner_name="李书记")
    return district


def test_the_district_sees_every_case_with_the_counts(cases, login, django_assert_max_num_queries):
    client = login(cases.users["district_admin"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("evaluations:rectification_list")).content.decode()
    assert 'id="count-open">3<' in page and 'id="count-overdue">1<' in page and 'id="count-closed">1<' in page
    for title in ("组织生活不规范", "阵地建设不达标", "办好十件实事", "西城问题"):
        assert title in page
    assert "逾期 3 天" in page


def test_filters_narrow_the_list_and_the_order_follows_the_deadline(cases, login):
    client = login(cases.users["district_admin"])
    url = reverse("evaluations:rectification_list")
    page = client.get(url, {"street": cases.street.pk, "overdue": "on"}).content.decode()
    assert "组织生活不规范" in page and "阵地建设不达标" not in page and "西城问题" not in page
    assert 'id="count-open">2<' in page  # the counts follow the street, not the status filter
    page = client.get(url, {"status": "closed"}).content.decode()
    assert "办好十件实事" in page and "组织生活不规范" not in page
    page = client.get(url, {"sort": "-deadline", "street": cases.street.pk}).content.decode()
    assert page.index("阵地建设不达标") < page.index("组织生活不规范")
    assert client.get(url, {"year": "abc", "status": "nonsense"}).status_code == 200


def test_a_street_does_not_see_another_streets_cases(cases, login):
    client = login(cases.users["outsider"])
    page = client.get(reverse("evaluations:rectification_list")).content.decode()
    assert "西城问题" in page and "组织生活不规范" not in page
    own = RectificationCase.objects.get(title="组织生活不规范")
    assert client.get(reverse("evaluations:rectification_detail", args=[own.pk])).status_code == 404
    assert client.get(reverse("api-rectification-case-detail", args=[own.pk])).status_code == 404
    listed = client.get(reverse("api-rectification-case-list")).json()
    assert [row["title"] for row in listed["results"]] == ["西城问题"]
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=cases.users["outsider"]).count() == 2


def test_the_ledger_exports_the_list_as_filtered(cases, login):
    client = login(cases.users["street_staff"])
    response = client.get(reverse("evaluations:rectification_export"), {"overdue": "on"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("序号", "街道", "党组织", "组织代码")
    assert len(rows) == 3
    assert rows[2][6] == "组织生活不规范" and rows[2][12] == "是" and rows[2][13] == 3
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="rectification_case").exists()


def test_the_street_opens_a_case_and_a_wrong_form_names_the_fields(district, login):
    client = login(district.users["street_staff"])
    url = reverse("evaluations:rectification_open")
    form = client.get(url, {"organization": district.community.pk}).content.decode()
    assert "东城第一社区党委" in form and "西城第一社区党委" not in form
    refused = client.post(url, {"organization": district.community.pk, "kind": "problem_list", "year": "2026"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "请填写整改期限。" in text
    assert not RectificationCase.objects.exists()
    response = client.post(
        url,
        {
            "organization": district.community.pk,
            "kind": "problem_list",
            "year": "2026",
            "title": "发展党员程序不规范",
            "description": "2025年发展党员材料缺公示记录",
            "tasks": "补齐公示记录\n\n组织专题学习",
            "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "owner": district.users["org_admin"].pk,
        },
    )
    case = RectificationCase.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/rectification/{case.pk}/")
    assert list(case.tasks.values_list("text", flat=True)) == ["补齐公示记录", "组织专题学习"]
    assert case.owner == district.users["org_admin"] and case.owner_name == str(district.users["org_admin"])


def test_the_case_page_offers_each_side_its_forms(district, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = submitted_case(district)
    url = reverse("evaluations:rectification_detail", args=[case.pk])
    community = login(district.users["org_admin"]).get(url).content.decode()
    assert "等待上级核查" in community and 'id="form-close"' not in community
    assert "会议记录.pdf" in community
    street = login(district.users["street_staff"]).get(url).content.decode()
    assert 'id="form-close"' in street and 'id="form-send_back"' in street
    response = login(district.users["street_staff"]).post(url, {"action": "send_back", "reason": ""})
    assert response.status_code == 400 and "请填写退回的原因" in response.content.decode()
    response = login(district.users["org_admin"]).post(url, {"action": "close"})
    assert response.status_code == 403
    assert "不能为本组织的整改事项销号" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "submitted"
