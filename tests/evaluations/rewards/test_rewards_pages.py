"""The pages of the rewards ledger: a secretary's ledger with each figure's computation, the street and district
tables and their .xlsx for the finance office, computing from the page, corrections by hand."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from evaluations.models import RewardEntry, RewardEntryType, StarRuleKind
from evaluations.services.rewards import rewards_ledger_compute
from tests.support.rewards import rated_secretary, star_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(district):
    village = rated_secretary(district.sibling_community, last_year=2, this_year=3, name="李村支书", one_shoulder=True)
    other = rated_secretary(district.other_community, last_year=4, this_year=4, name="赵书记")
    rewards_ledger_compute(year=2026, scope=district.district, by=None)
    return village, other


def test_the_ledger_shows_each_figure_with_its_computation_and_an_adjustment_with_its_reason(district, rated, client):
    village, _ = rated
    star_change(village, 2026, StarRuleKind.REMOVED, 1, on=date(2026, 7, 1), reason="违规决策造成较大影响")
    rewards_ledger_compute(year=2026, scope=district.district, by=None)
    client.force_login(district.users["street_staff"])
    page = client.get(reverse("evaluations:secretary_rewards", args=[village.pk])).content.decode()
    assert "3星 − 2星（上年度） = 1星 × 1,000元 = 1,000元" in page
    assert "报酬标准 74,172元 × 60% = 44,503.20元" in page
    assert "调整记录" in page and "2026-07-01起摘星（−1星）：违规决策造成较大影响" in page
    assert 'id="correction"' not in page  # street staff read; the district corrects


def test_the_street_table_lists_its_secretaries_only_with_their_totals(district, rated, client):
    village, _ = rated
    client.force_login(district.users["street_staff"])
    response = client.get(reverse("evaluations:rewards_table", args=[district.street.pk, 2026]))
    page = response.content.decode()
    assert f'id="rewards-{village.pk}"' in page and "李村支书" in page
    assert "赵书记" not in page
    assert "rewards-compute" not in page


def test_the_district_table_keeps_its_queries_constant(district, rated, client, django_assert_max_num_queries):
    client.force_login(district.users["district_admin"])
    url = reverse("evaluations:rewards_table", args=[district.district.pk, 2026])
    client.get(url)
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "李村支书" in page and "赵书记" in page


def test_the_finance_export_has_one_row_per_secretary_and_a_total(district, rated, client):
    client.force_login(district.users["district_admin"])
    response = client.get(reverse("evaluations:rewards_table_export", args=[district.district.pk, 2026]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row and row[0] == "街道(乡镇)")
    assert "增星奖励" in header and header[-1] == "合计(元)"
    names = [row[2] for row in rows[rows.index(header) + 1 :]]
    assert names == ["李村支书", "赵书记", None]
    village_row = rows[rows.index(header) + 1]
    assert village_row[header.index("增星奖励")] == 1000
    assert rows[-1][0] == "合计"


def test_the_district_computes_from_the_page_once_confirmed(district, client, django_capture_on_commit_callbacks):
    secretary = rated_secretary(district.sibling_community, last_year=2, this_year=3)
    client.force_login(district.users["district_admin"])
    url = reverse("evaluations:rewards_compute", args=[district.district.pk, 2026])
    response = client.post(url, {}, follow=True)
    assert "请勾选确认后再计算台账。" in response.content.decode()
    assert not RewardEntry.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "on"})
    assert RewardEntry.objects.filter(secretary=secretary, entry_type=RewardEntryType.COMPUTED).exists()


def test_a_correction_without_a_reason_is_refused_in_chinese_and_changes_nothing(district, rated, client):
    village, _ = rated
    client.force_login(district.users["district_admin"])
    before = RewardEntry.objects.count()
    url = reverse("evaluations:secretary_reward_correct", args=[village.pk])
    response = client.post(url, {"year": "2026", "kind": "pension_subsidy", "amount": "0", "reason": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "更正金额为0元不会改变台账" in page and "该字段是必填项" in page
    assert RewardEntry.objects.count() == before
    client.post(url, {"year": "2026", "kind": "pension_subsidy", "amount": "-50", "reason": "财政已按旧标准发放"})
    assert RewardEntry.objects.filter(entry_type=RewardEntryType.CORRECTION, reason="财政已按旧标准发放").exists()


def test_the_navigation_offers_the_rewards_to_those_who_may_open_them(district, client):
    secretary = rated_secretary(district.community, last_year=None, this_year=3)
    for username, offered in (("district_admin", True), ("street_staff", True), ("department_reviewer", False)):
        client.force_login(district.users[username])
        assert ('id="nav-rewards"' in client.get(reverse("home")).content.decode()) is offered, username
    client.force_login(district.users["org_admin"])
    response = client.get(reverse("evaluations:rewards_index"))
    assert response["Location"] == reverse("evaluations:secretary_rewards", args=[secretary.pk])
