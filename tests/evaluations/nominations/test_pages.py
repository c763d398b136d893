"""The nomination pages: the street nominates through the form (an ineligible organization refused with the rule and
the results, an eligible one listed; the commendation candidates hinted), the district confirms or rejects with a
reason, the list's filters and counts, the .xlsx export audited, a nomination marked once a later result bars it."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from evaluations.models import AwardNomination, NominationStatus
from evaluations.services.consequences import consequences_apply
from orgs.models import AuditAction, AuditEvent
from tests.support.consequences import approved, yearly_campaign
from tests.support.nominations import nominated, ratings

pytestmark = pytest.mark.django_db

LIST = "evaluations:nomination_list"
NEW = "evaluations:nomination_create"


@pytest.fixture
def rated(district):
    """东城第一社区 two stars in 2024 (no award eligibility that year), 东城村 five stars (a commendation candidate)."""
    ratings(district, {(district.community, 2024): 2, (district.sibling_community, 2024): 5})
    return district


def form(district, organization, **extra) -> dict:
    return {
        "year": "2024",
        "award": "advanced_organization",
        "organization": organization.pk,
        "reason": "成效显著",
    } | extra


def rows_of(page: str) -> list[str]:
    return re.findall(r'<tr class="nomination[^"]*" data-pk="(\d+)">', page)


def test_the_street_is_refused_an_ineligible_organization_with_the_rule_and_results(rated, login):
    client = login(rated.users["street_staff"])
    response = client.post(reverse(NEW), form(rated, rated.community))
    page = response.content.decode()
    assert response.status_code == 400
    assert "不能提名：东城第一社区党委 2024年取消当年评先评优资格。" in page
    assert "2024年 2星" in page and "（规则 Y4，第 1 版）" in page
    assert "成效显著" in page  # what was typed is kept
    assert not AwardNomination.objects.exists()


def test_the_street_nominates_an_eligible_organization_and_sees_it_listed(rated, login):
    client = login(rated.users["street_staff"])
    response = client.post(reverse(NEW), form(rated, rated.sibling_community))
    assert response.status_code == 302
    nomination = AwardNomination.objects.get()
    assert (nomination.organization, nomination.nominated_by) == (rated.sibling_community, rated.users["street_staff"])
    page = client.get(reverse(LIST)).content.decode()
    assert rows_of(page) == [str(nomination.pk)] and "东城村党总支" in page and "先进基层党组织" in page
    assert 'id="count-submitted">1<' in page
    assert "decide-confirm" not in page  # the street does not confirm


def test_the_form_hints_the_commendation_candidates_and_lists_the_people_of_an_organization(rated, login):
    client = login(rated.users["street_staff"])
    page = client.get(reverse(NEW), {"year": "2024", "organization": rated.sibling_community.pk}).content.decode()
    assert "东城村党总支（社区/村党组织） ★推荐表彰对象" in page
    assert 'id="commendation-hints"' in page and "Y1" in page
    assert "孙书记（东城村党总支书记）" in page
    page = client.get(reverse(NEW), {"year": "2024", "organization": rated.community.pk}).content.decode()
    assert "张三（东城第一社区第一网格党支部党员）" in page and "赵书记（东城第一社区党委书记）" in page
    # The other street's organizations are not offered.
    assert "西城第一社区党委" not in page


def test_a_person_award_without_a_person_names_the_field(rated, login):
    client = login(rated.users["street_staff"])
    response = client.post(reverse(NEW), form(rated, rated.sibling_community, award="outstanding_member"))
    assert response.status_code == 400
    assert "个人：请选择推荐的人员" in response.content.decode()


def test_a_person_is_nominated_through_the_form(rated, login):
    client = login(rated.users["street_staff"])
    data = form(rated, rated.community, award="outstanding_member", person=f"m{rated.member.pk}")
    assert client.post(reverse(NEW), data).status_code == 302
    assert AwardNomination.objects.get().person_name == "张三"
    # 赵书记 led the two-star community: refused as the person, naming where.
    data = form(rated, rated.community, award="outstanding_party_worker", person=f"s{rated.zhao.pk}")
    page = client.post(reverse(NEW), data).content.decode()
    assert "不能提名：赵书记（时任东城第一社区党委负责人）" in page


def test_the_district_confirms_and_rejects_with_a_reason(rated, login):
    first = nominated(rated, rated.sibling_community)
    second = nominated(rated, year=2024, award="outstanding_member", member=rated.member)
    client = login(rated.users["district_admin"])
    page = client.get(reverse(LIST)).content.decode()
    assert page.count("decide-confirm") == 2
    response = client.post(reverse("evaluations:nomination_decide", args=[first.pk]), {"decision": "confirm"})
    assert response.status_code == 302
    page = client.post(
        reverse("evaluations:nomination_decide", args=[second.pk]), {"decision": "reject"}, follow=True
    ).content.decode()
    assert "请说明不予采纳的理由" in page
    client.post(
        reverse("evaluations:nomination_decide", args=[second.pk]),
        {"decision": "reject", "rejection_reason": "名额已满"},
    )
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status, second.rejection_reason) == ("confirmed", "rejected", "名额已满")
    page = client.get(reverse(LIST), {"status": "rejected"}).content.decode()
    assert rows_of(page) == [str(second.pk)] and "名额已满" in page
    assert 'id="count-confirmed">1<' in page and 'id="count-rejected">1<' in page


def test_a_later_result_marks_the_nomination_and_its_confirmation_is_refused(district, login):
    ratings(district, {(district.sibling_community, 2023): 5})
    nomination = nominated(district, district.community, year=2024)
    approved(yearly_campaign(district.district, 2024), district.community, 2)
    consequences_apply(organization_ids=[district.community.pk])
    client = login(district.users["district_admin"])
    page = client.get(reverse(LIST)).content.decode()
    assert "已不符合条件" in page and "规则 Y4" in page
    page = client.post(
        reverse("evaluations:nomination_decide", args=[nomination.pk]), {"decision": "confirm"}, follow=True
    ).content.decode()
    assert "不能确认：东城第一社区党委 2024年取消当年评先评优资格。" in page
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED


def test_filters_narrow_and_a_street_sees_only_its_own(rated, login):
    ours = nominated(rated, rated.sibling_community)
    theirs = AwardNomination.objects.create(
        year=2023, award="advanced_organization", organization=rated.other_community, reason="西城", nominated_by=None
    )
    client = login(rated.users["district_admin"])
    assert set(rows_of(client.get(reverse(LIST)).content.decode())) == {str(ours.pk), str(theirs.pk)}
    assert rows_of(client.get(reverse(LIST), {"street": rated.other_street.pk}).content.decode()) == [str(theirs.pk)]
    assert rows_of(client.get(reverse(LIST), {"year": "2024"}).content.decode()) == [str(ours.pk)]
    assert rows_of(client.get(reverse(LIST), {"award": "outstanding_member"}).content.decode()) == []
    page = login(rated.users["street_staff"]).get(reverse(LIST)).content.decode()
    assert rows_of(page) == [str(ours.pk)] and "西城第一社区党委" not in page


def test_the_export_reads_back_as_the_list_and_is_audited(rated, login):
    nominated(rated, rated.sibling_community)
    nominated(rated, year=2024, award="outstanding_member", member=rated.member)
    response = login(rated.users["district_admin"]).get(reverse("evaluations:nomination_export"), {"year": "2024"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(row[2], row[4], row[5]) for row in values] == [
        ("先进基层党组织", "东城村党总支", None),
        ("优秀共产党员", "东城第一社区第一网格党支部", "张三"),
    ]
    assert all(row[3] == "东城街道党工委" for row in values)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="award_nomination")
    assert event.detail["rows"] == 2


def test_the_list_query_count_does_not_grow_with_the_rows(rated, login, django_assert_max_num_queries):
    nominated(rated, rated.sibling_community)
    nominated(rated, year=2024, award="outstanding_member", member=rated.member)
    nominated(rated, year=2025, award="advanced_organization", organization=rated.community)
    client = login(rated.users["district_admin"])
    with django_assert_max_num_queries(16):
        page = client.get(reverse(LIST)).content.decode()
    assert len(rows_of(page)) == 3


def test_the_street_withdraws_its_nomination(rated, login):
    nomination = nominated(rated, rated.sibling_community)
    client = login(rated.users["street_staff"])
    client.post(reverse("evaluations:nomination_withdraw", args=[nomination.pk]))
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN
    # Withdrawn, the organization may be nominated again.
    assert nominated(rated, rated.sibling_community).status == NominationStatus.SUBMITTED


def test_the_navigation_links_the_nominations_for_whoever_views_evaluations(rated, login):
    assert 'id="nav-nominations"' in login(rated.users["street_staff"]).get(reverse(LIST)).content.decode()
    assert 'id="nav-nominations"' not in login(rated.users["nobody"]).get(reverse("home")).content.decode()


def test_a_streets_people_are_its_secretaries_not_its_whole_membership(rated, login):
    client = login(rated.users["district_admin"])
    page = client.get(reverse(NEW), {"year": "2024", "organization": rated.street.pk}).content.decode()
    assert "赵书记（东城第一社区党委书记）" in page and "孙书记（东城村党总支书记）" in page
    assert "张三（" not in page  # chosen through the community


def test_the_admin_shows_the_nominations_and_changes_none(rated, login):
    nomination = AwardNomination.objects.create(
        year=2024, award="advanced_organization", organization=rated.sibling_community, reason="理由", nominated_by=None
    )
    client = login(rated.users["superuser"])
    listed = client.get(reverse("admin:evaluations_awardnomination_changelist")).content.decode()
    assert "东城村党总支" in listed and "先进基层党组织" in listed
    assert client.get(reverse("admin:evaluations_awardnomination_add")).status_code == 403
    client.post(reverse("admin:evaluations_awardnomination_delete", args=[nomination.pk]), {"post": "yes"})
    assert AwardNomination.objects.filter(pk=nomination.pk, status="submitted").exists()
