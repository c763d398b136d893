"""The consequence column of a template's what-if: raising the threshold drops 东城第一社区党委 from four stars to
three, its second three in the term, so losing award eligibility would appear and the commendation would vanish;
nothing is written to the consequences."""

from datetime import date

import pytest

from evaluations.models import Consequence
from evaluations.selectors.whatif import consequence_outcome
from evaluations.services.consequences import consequences_apply
from tests.factories import SecretaryFactory
from tests.support.consequences import approved, rule_sets_loaded, term, yearly_campaign
from tests.support.whatif import scored_campaign, what_if_of

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def history(district, campaign):
    """东城第一社区党委 rated three stars in 2025, in its 2024–2028 term, under 赵书记; the 2026 campaign scored."""
    rule_sets_loaded("yucheng_3plus2")
    term(district.community, 2024, 2028)
    SecretaryFactory(organization=district.community, name="赵书记", started_on=date(2020, 1, 1))
    approved(yearly_campaign(district.district, 2025), district.community, 3)
    consequences_apply()
    return scored_campaign(district, campaign)


def consequence_rows() -> list[tuple]:
    return list(Consequence.objects.order_by("pk").values_list())


def test_a_second_three_star_result_would_make_award_ineligibility_appear(
    district, history, django_capture_on_commit_callbacks
):
    stored = consequence_rows()
    with django_capture_on_commit_callbacks(execute=True):
        what_if = what_if_of(district, history, threshold="19")
    what_if.refresh_from_db()
    column = what_if.comparison["consequences"]
    assert column["approved"] is False
    assert column["rule_sets"] == ["雨城区“五星争创”结果运用（“3+2”动态管理） v1"]
    shown = {(row["name"], row["change"], row["rule"], row["action"], row["target"]) for row in column["rows"]}
    assert shown == {
        ("东城第一社区党委", "appear", "Y2", "award_ineligible_term", "organization"),
        ("东城第一社区党委", "appear", "Y2", "award_ineligible_term", "leader"),
        # 2026 was its only four stars in the term: no longer a commendation candidate.
        ("东城第一社区党委", "vanish", "Y1", "commendation_candidate", "organization"),
    }
    leader = next(row for row in column["rows"] if row["target"] == "leader")
    assert leader["person_name"] == "赵书记" and leader["results"] == "2025年 3星、2026年 3星"
    assert column["total"]["actions"] == {
        "award_ineligible_term": {"appear": 2, "vanish": 0},
        "commendation_candidate": {"appear": 0, "vanish": 1},
    }
    assert consequence_rows() == stored
    outcome = consequence_outcome(what_if)
    (east,) = outcome["streets"]
    assert east.street.name == "东城街道党工委"
    assert [(row.label, row.appear, row.vanish) for row in east.lists] == [
        ("取消任期内评先评优资格", 2, 0),
        ("推荐表彰对象", 0, 1),
    ]


def test_with_a_four_star_result_in_the_term_the_commendation_would_vanish(
    district, history, django_capture_on_commit_callbacks
):
    approved(yearly_campaign(district.district, 2024), district.sibling_community, 4)
    term(district.sibling_community, 2024, 2028)
    with django_capture_on_commit_callbacks(execute=True):
        what_if = what_if_of(district, history, threshold="19")
    what_if.refresh_from_db()
    rows = {(row["name"], row["change"], row["rule"]) for row in what_if.comparison["consequences"]["rows"]}
    # 2024’s four stars keep 东城村党总支 a commendation candidate whatever 2026 gives.
    assert ("东城第一社区党委", "appear", "Y2") in rows
    assert not any(name != "东城第一社区党委" for name, _change, _rule in rows)


def test_the_page_shows_the_consequence_table_and_says_the_results_are_hypothetical(
    district, history, client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    with django_capture_on_commit_callbacks(execute=True):
        what_if = what_if_of(district, history, threshold="19")
    client.force_login(district.users["district_admin"])
    page = client.get(reverse("evaluations:what_if_detail", args=[what_if.pk])).content.decode()
    assert "后果变化" in page
    assert "本次活动尚未审定" in page
    assert "取消任期内评先评优资格" in page and "赵书记" in page


def test_the_export_has_a_second_sheet_and_the_api_a_column_of_consequences(
    district, history, client, django_capture_on_commit_callbacks
):
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import load_workbook

    with django_capture_on_commit_callbacks(execute=True):
        what_if = what_if_of(district, history, threshold="19")
    client.force_login(district.users["district_admin"])
    workbook = load_workbook(BytesIO(client.get(reverse("evaluations:what_if_export", args=[what_if.pk])).content))
    assert workbook.sheetnames == ["政策试算", "后果变化"]
    rows = list(workbook["后果变化"].iter_rows(values_only=True))
    assert "新增 2，消失 1" in rows[0][0] and "尚未审定" in rows[0][0]
    assert rows[1] == ("街道", "名单", "变化", "组织代码", "组织名称", "对象", "规则", "依据的评定结果")
    assert ("东城街道党工委", "取消任期内评先评优资格", "新增", "C0101", "东城第一社区党委") in {
        row[:5] for row in rows[2:]
    }
    assert "负责人（当时在任的书记）：赵书记" in {row[5] for row in rows[2:]}
    detail = client.get(reverse("api-what-if-detail", args=[what_if.pk])).json()
    assert detail["comparison"]["consequences"]["total"] | {"actions": None} == {
        "appear": 2,
        "vanish": 1,
        "actions": None,
    }
