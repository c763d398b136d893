"""The pioneer index pages and API as their users meet them: the member's self-evaluation, the branch review that
asks for a reason, the branch page in a fixed number of queries, the .xlsx export, "why" once final, the API."""

from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluations.models import Evaluation, PioneerResult, PioneerSheet
from evaluations.services.pioneer.branch import pioneer_branch_advance
from evaluations.services.pioneer.grades import pioneer_grades_finalize
from evaluations.services.pioneer.sheets import pioneer_review_save
from evaluations.services.publicity import publicity_close
from tests.factories import MemberFactory
from tests.support.api import token_headers
from tests.support.pioneer import full_review, open_pioneer_campaign, seed_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(district):
    return open_pioneer_campaign(district)


@pytest.fixture
def own(campaign, district):
    return Evaluation.objects.get(campaign=campaign, member=district.member)


def _reviewed(campaign, district, own, *, deductions=None):
    """The branch at the review with the vote entered, 张三 reviewed, then in publicity (graded)."""
    secretary = district.users["org_admin"]
    pioneer_branch_advance(campaign=campaign, branch=district.branch, by=secretary)
    seed_vote(campaign, district.branch, {own.pk: {"excellent": 4, "qualified": 1}}, voters=5)
    pioneer_branch_advance(campaign=campaign, branch=district.branch, by=secretary)
    pioneer_review_save(
        evaluation=own,
        points=full_review(own, 96),
        deductions=deductions or {},
        reason="",
        vote_counts={"excellent": 4, "qualified": 1},
        submit=True,
        by=secretary,
    )
    pioneer_branch_advance(campaign=campaign, branch=district.branch, by=secretary)


def test_a_bad_point_names_the_item_and_saves_nothing(login, district, own):
    url = reverse("evaluations:pioneer_self_evaluation", kwargs={"pk": own.pk})
    data = {f"points_{code}": value for code, value in full_review(own, 90).items()} | {"action": "submit"}
    response = login(district.users["member"]).post(url, data | {"points_D1": "16"})
    assert response.status_code == 400
    assert "遵守纪律：请填写 0 至 15 之间的整数或半分。" in response.content.decode()
    assert not PioneerSheet.objects.filter(evaluation=own).exists()
    response = login(district.users["member"]).post(url, data | {"statement": "认真履职。"})
    assert response.status_code == 302
    assert PioneerSheet.objects.get(evaluation=own).statement == "认真履职。"


def test_the_review_asks_for_a_reason_where_it_departs_from_the_vote(login, district, campaign, own):
    secretary = district.users["org_admin"]
    pioneer_branch_advance(campaign=campaign, branch=district.branch, by=secretary)
    seed_vote(campaign, district.branch, {own.pk: {"basically_qualified": 5}}, voters=5)
    pioneer_branch_advance(campaign=campaign, branch=district.branch, by=secretary)
    url = reverse("evaluations:pioneer_review", kwargs={"pk": own.pk})
    data = {f"points_{code}": value for code, value in full_review(own, 95).items()} | {"action": "submit"}
    page = login(secretary).get(url).content.decode()
    assert "民主测评得分：60.00 分（满分100分）。" in page
    response = login(secretary).post(url, data)
    assert response.status_code == 400
    assert "评议得分与民主测评得分相差超过 10 分，请写明理由。" in response.content.decode()
    response = login(secretary).post(url, data | {"statement": "测评时该党员外出培训，支部综合日常表现评议。"})
    assert response.status_code == 302
    assert PioneerSheet.objects.get(evaluation=own, stage="branch_review").submitted_at is not None


def test_the_branch_page_needs_the_same_queries_for_more_members(
    login, district, campaign, django_assert_max_num_queries
):
    for index in range(12):
        MemberFactory(branch=district.branch, name=f"党员甲{index}")
    more = open_pioneer_campaign(district, scope=district.community)
    client = login(district.users["org_admin"])
    with django_assert_max_num_queries(30):
        response = client.get(
            reverse("evaluations:pioneer_branch", kwargs={"pk": more.pk, "branch_pk": district.branch.pk})
        )
    assert response.status_code == 200 and "党员甲11" in response.content.decode()


def test_the_branch_results_export_as_xlsx(login, district, campaign, own):
    _reviewed(campaign, district, own)
    url = reverse("evaluations:pioneer_results_export", kwargs={"pk": campaign.pk}) + f"?branch={district.branch.pk}"
    response = login(district.users["street_staff"]).get(url)
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows.index(next(row for row in rows if row and row[0] == "所在党支部"))
    assert rows[header + 1][:2] == [district.branch.name, "张三"]
    assert rows[header + 1][6:] == [96, "优秀党员", "否（公示中）"]  # 0.7 × 96 + 0.3 × 96 (4 优秀, 1 合格)


def test_the_member_sees_why_only_once_final_and_a_cap_is_named(login, district, campaign, own):
    _reviewed(campaign, district, own, deductions={"R2": "-1"})
    url = reverse("evaluations:pioneer_my_grade", kwargs={"pk": own.pk})
    assert "您的等次尚未确定" in login(district.users["member"]).get(url).content.decode()
    later = timezone.now() + timedelta(days=4)
    with time_machine.travel(later):
        publicity_close(campaign=campaign, street=district.street, by=district.users["street_staff"])
        pioneer_grades_finalize(campaign=campaign, street=district.street, by=district.users["street_staff"])
    page = login(district.users["member"]).get(url).content.decode()
    assert "基本合格党员" in page
    assert "最终得分在“优秀党员”分档内，但“政治纪律”有扣分，等次最高评为“基本合格党员”。" in page
    assert "政治纪律 -1" in page


def test_the_api_gives_the_branch_its_grades_and_the_member_only_their_own_final_one(client, district, campaign, own):
    _reviewed(campaign, district, own)
    headers = token_headers(district)
    url = reverse("api-pioneer-result-list") + f"?campaign={campaign.pk}"
    listed = client.get(url, **headers["street_staff"]).json()
    assert [(row["member_name"], row["grade"], row["is_final"]) for row in listed["results"]] == [
        ("张三", "excellent", False)
    ]
    assert client.get(url, **headers["member"]).json()["results"] == []  # not final yet
    assert client.get(url, **headers["outsider"]).json()["results"] == []
    PioneerResult.objects.update(finalized_at=timezone.now())
    mine = client.get(url, **headers["member"]).json()["results"]
    assert [row["grade_label"] for row in mine] == ["优秀党员"]
    assert mine[0]["explanation"]["vote_score"] == "96.00"
    bad = client.get(reverse("api-pioneer-result-list") + "?campaign=-1", **headers["street_staff"])
    assert bad.status_code == 400 and "编号" in bad.json()["errors"]["campaign"]
