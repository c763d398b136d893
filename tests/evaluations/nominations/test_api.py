"""Award nominations over the API: the list in scope with what now bars each, a nomination made by POST, an
ineligible subject refused with the page's message, another street's subject not found."""

import pytest

from evaluations.models import AwardNomination
from evaluations.services.consequences import consequences_apply
from tests.support.api import api as api_client
from tests.support.consequences import approved, yearly_campaign
from tests.support.nominations import ratings

pytestmark = pytest.mark.django_db

URL = "/api/v1/award-nominations/"


@pytest.fixture
def rated(district):
    ratings(district, {(district.community, 2024): 2, (district.sibling_community, 2024): 5})
    return district


def test_the_street_nominates_and_is_refused_an_ineligible_organization(rated):
    client = api_client(rated.users["street_staff"])
    entry = {"year": 2024, "award": "advanced_organization", "reason": "成效显著"}
    refused = client.post(URL, entry | {"organization": rated.community.pk}, format="json")
    assert refused.status_code == 400
    message = refused.json()["errors"]["organization"]
    assert message.startswith("不能提名：东城第一社区党委 2024年取消当年评先评优资格。") and "规则 Y4" in message
    created = client.post(URL, entry | {"organization": rated.sibling_community.pk}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert (body["organization_name"], body["status"], body["no_longer_eligible"]) == ("东城村党总支", "submitted", [])
    person = client.post(
        URL, entry | {"award": "outstanding_party_worker", "secretary": rated.zhao.pk}, format="json"
    ).json()
    assert person["errors"]["person"].startswith("不能提名：赵书记（时任东城第一社区党委负责人）")


def test_the_list_marks_a_nomination_a_later_result_bars(rated):
    nomination = AwardNomination.objects.create(
        year=2025, award="advanced_organization", organization=rated.community, reason="理由", nominated_by=None
    )
    approved(yearly_campaign(rated.district, 2025), rated.community, 2)
    consequences_apply(organization_ids=[rated.community.pk])
    rows = api_client(rated.users["district_admin"]).get(URL, {"year": 2025}).json()["results"]
    assert [row["id"] for row in rows] == [nomination.pk]
    assert "2025年取消当年评先评优资格" in rows[0]["no_longer_eligible"][0]


def test_another_streets_organization_is_not_found(rated):
    response = api_client(rated.users["outsider"]).post(
        URL,
        {"year": 2024, "award": "advanced_organization", "organization": rated.sibling_community.pk, "reason": "理由"},
        format="json",
    )
    assert response.status_code == 404
    assert api_client(rated.users["outsider"]).get(URL).json()["count"] == 0


def _nominated(rated, organization, year: int = 2024) -> int:
    entry = {"year": year, "award": "advanced_organization", "reason": "成效显著", "organization": organization.pk}
    created = api_client(rated.users["street_staff"]).post(URL, entry, format="json")
    assert created.status_code == 201
    return created.json()["id"]


def test_the_district_confirms_or_rejects_with_a_reason_and_the_street_may_not(rated):
    first = _nominated(rated, rated.sibling_community)
    street, district = api_client(rated.users["street_staff"]), api_client(rated.users["district_admin"])
    assert street.post(f"{URL}{first}/confirm/", {}, format="json").status_code == 403
    confirmed = district.post(f"{URL}{first}/confirm/", {}, format="json")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    again = district.post(f"{URL}{first}/reject/", {"rejection_reason": "名额已满"}, format="json")
    assert again.status_code == 400 and "已不在待确认状态" in again.json()["errors"]["rejection_reason"]
    second = _nominated(rated, rated.sibling_community, year=2023)
    blank = district.post(f"{URL}{second}/reject/", {"rejection_reason": " "}, format="json")
    assert blank.status_code == 400 and "请说明不予采纳的理由" in blank.json()["errors"]["rejection_reason"]
    assert AwardNomination.objects.get(pk=second).status == "submitted"
    rejected = district.post(f"{URL}{second}/reject/", {"rejection_reason": "名额已满"}, format="json").json()
    assert (rejected["status"], rejected["rejection_reason"]) == ("rejected", "名额已满")


def test_a_nomination_a_later_result_bars_is_not_confirmed_over_the_api(rated):
    nomination = _nominated(rated, rated.community, year=2025)
    approved(yearly_campaign(rated.district, 2025), rated.community, 2)
    consequences_apply(organization_ids=[rated.community.pk])
    refused = api_client(rated.users["district_admin"]).post(f"{URL}{nomination}/confirm/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["errors"]["status"].startswith("不能确认：")
    assert AwardNomination.objects.get(pk=nomination).status == "submitted"


def test_the_street_withdraws_its_nomination_and_an_outsider_finds_none(rated):
    nomination = _nominated(rated, rated.sibling_community)
    assert api_client(rated.users["outsider"]).post(f"{URL}{nomination}/withdraw/", {}).status_code == 404
    withdrawn = api_client(rated.users["street_staff"]).post(f"{URL}{nomination}/withdraw/", {}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
