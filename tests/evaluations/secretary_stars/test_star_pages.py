"""The secretaries' star pages as the street and the district use them: propose with evidence, approve, remove,
undo, the board, the history, the lists and their export."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import Notification, SecretaryStarChange, StarChangeStatus
from evaluations.services.secretary_stars.changes import star_remove
from tests.factories import SecretaryFactory
from tests.support.secretary_stars import approved, evidence, rule, secretary_with_account

pytestmark = pytest.mark.django_db


def test_the_street_proposes_an_added_star_with_evidence_and_the_district_approves_it(district, rule_set, login):
    secretary = SecretaryFactory(organization=district.community, name="赵书记")
    approved(district, secretary, rule_set, "B1", 2, 2025, on=date(2025, 1, 1))
    client = login(district.users["street_staff"])
    response = client.post(
        reverse("evaluations:secretary_star_propose", args=[secretary.pk]),
        {
            "year": "2025",
            "rule": rule(rule_set, "A1").pk,
            "stars": "1",
            "effective_on": "2025-10-01",
            "reason": "村集体收入增长30%",
            "evidence": [evidence("收入报表.pdf")],
        },
    )
    assert response.status_code == 302
    change = SecretaryStarChange.objects.get(rule__code="A1")
    assert change.status == StarChangeStatus.PROPOSED
    client = login(district.users["district_admin"])
    board = client.get(reverse("evaluations:secretary_star_board"), {"year": 2025}).content.decode()
    assert "村集体收入增长30%" in board and "收入报表.pdf" in board
    client.post(reverse("evaluations:secretary_star_change_decide", args=[change.pk]), {"decision": "approve"})
    history = client.get(reverse("evaluations:secretary_star_history", args=[secretary.pk])).content.decode()
    assert "已审定" in history and "增收致富星" in history
    board = client.get(reverse("evaluations:secretary_star_board"), {"year": 2025}).content.decode()
    assert "<strong>3</strong>" in board


def test_a_proposal_without_evidence_shows_the_form_again_with_the_reason_and_writes_nothing(district, rule_set, login):
    secretary = SecretaryFactory(organization=district.community)
    client = login(district.users["street_staff"])
    response = client.post(
        reverse("evaluations:secretary_star_propose", args=[secretary.pk]),
        {"year": "2025", "rule": rule(rule_set, "A2").pk, "stars": "1", "effective_on": "2025-10-01", "reason": "x"},
    )
    assert response.status_code == 400
    assert "A2 突出贡献星：请至少上传一份佐证材料。" in response.content.decode()
    assert not SecretaryStarChange.objects.exists()


def test_a_rejection_without_a_note_is_refused(district, rule_set, login):
    secretary = SecretaryFactory(organization=district.community)
    client = login(district.users["street_staff"])
    client.post(
        reverse("evaluations:secretary_star_propose", args=[secretary.pk]),
        {"year": "2025", "rule": rule(rule_set, "B1").pk, "stars": "3", "effective_on": "2025-12-01", "reason": "优秀"},
    )
    change = SecretaryStarChange.objects.get()
    client = login(district.users["district_admin"])
    response = client.post(
        reverse("evaluations:secretary_star_change_decide", args=[change.pk]), {"decision": "reject"}, follow=True
    )
    assert "请填写理由" in response.content.decode()
    change.refresh_from_db()
    assert change.status == StarChangeStatus.PROPOSED


def test_the_district_removes_a_star_through_the_page_and_the_secretary_reads_why(district, rule_set, login):
    secretary, account = secretary_with_account(district.community, name="钱书记")
    approved(district, secretary, rule_set, "B1", 3, 2025, on=date(2025, 1, 1))
    client = login(district.users["district_admin"])
    response = client.post(
        reverse("evaluations:secretary_star_remove", args=[secretary.pk]),
        {"stars": "1", "effective_on": "2025-08-01", "reason": "违规决策造成较大影响", "evidence": [evidence()]},
    )
    assert response.status_code == 302
    notice = Notification.objects.get(user=account)
    assert "违规决策造成较大影响" in notice.text and "2025-08-01" in notice.text
    page = login(account).get(reverse("evaluations:notification_list")).content.decode()
    assert "钱书记" in page


def test_the_history_follows_the_person_and_draws_the_stars_per_year(district, rule_set, login):
    first = SecretaryFactory(organization=district.community, id_card="110105197203030033", name="孙书记")
    approved(district, first, rule_set, "B1", 2, 2024)
    later = SecretaryFactory(
        organization=district.sibling_community,
        id_card="110105197203030033",
        name="孙书记",
        started_on=date(2025, 2, 1),
    )
    approved(district, later, rule_set, "A3", 1, 2025)
    page = login(district.users["street_staff"]).get(reverse("evaluations:secretary_star_history", args=[later.pk]))
    html = page.content.decode()
    assert "东城第一社区党委" in html and "东城村党总支" in html
    assert html.count("<rect") >= 2  # one bar per year
    assert "学历提升星" in html


def test_the_lists_show_high_and_low_stars_and_export_both(district, rule_set, login):
    high = SecretaryFactory(organization=district.community, name="高星书记")
    low = SecretaryFactory(organization=district.sibling_community, name="低星书记")
    approved(district, high, rule_set, "B1", 3, 2025)
    approved(district, high, rule_set, "B2", 2, 2025)
    approved(district, high, rule_set, "B3", 2, 2025)
    approved(district, low, rule_set, "B1", 1, 2025)
    client = login(district.users["district_admin"])
    record = low.star_years.get()
    client.post(reverse("evaluations:secretary_supervision_set", args=[record.pk]), {"deadline": "2099-03-31"})
    page = client.get(reverse("evaluations:secretary_star_lists"), {"year": 2025}).content.decode()
    assert "高星书记" in page and "低星书记" in page and "2099-03-31" in page
    response = client.get(reverse("evaluations:secretary_star_lists_export"), {"year": 2025})
    workbook = load_workbook(io.BytesIO(response.content))
    honours, supervision = workbook.worksheets
    assert [cell.value for cell in honours[3]][1:5] == ["高星书记", "东城第一社区党委", 2025, 7]
    assert supervision[3][1].value == "低星书记"


def test_the_board_reads_in_a_fixed_number_of_queries(district, rule_set, login, django_assert_max_num_queries):
    for number in range(12):
        secretary = SecretaryFactory(organization=district.community, name=f"书记{number}")
        approved(district, secretary, rule_set, "B1", 1 + number % 3, 2025)
    star_remove(
        secretary=secretary,
        stars=1,
        effective_on=date(2025, 3, 1),
        reason="问题",
        uploads=[evidence()],
        by=district.users["district_admin"],
        rule_set=rule_set,
    )
    client = login(district.users["district_admin"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("evaluations:secretary_star_board"), {"year": 2025})
    assert response.content.decode().count('href="/secretaries/') >= 12


def test_the_history_links_to_the_rewards_ledger_for_those_who_may_read_the_money(district, rule_set, login):
    secretary = SecretaryFactory(organization=district.community, name="钱书记")
    approved(district, secretary, rule_set, "B1", 2, 2025, on=date(2025, 1, 1))
    history_url = reverse("evaluations:secretary_star_history", args=[secretary.pk])
    ledger_url = reverse("evaluations:secretary_rewards", args=[secretary.pk])
    for role in ("district_admin", "street_staff", "org_admin"):
        page = login(district.users[role]).get(history_url).content.decode()
        assert f'href="{ledger_url}"' in page, role
        assert login(district.users[role]).get(ledger_url).status_code == 200, role
    reviewer = login(district.users["department_reviewer"])
    history = reviewer.get(history_url)
    assert history.status_code == 200
    assert ledger_url not in history.content.decode()
    assert reviewer.get(ledger_url).status_code == 403
