"""The circumstances over the API: the street posts a record with its evidence in one multipart request, the
district confirms it, and the answers name the field of any bad input."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from evaluations.models import CircumstanceStatus, RewardCircumstance, RewardCircumstanceChange
from tests.factories import SecretaryFactory
from tests.support.secretary_stars import evidence

pytestmark = pytest.mark.django_db
RECORDS = "/api/v1/reward-circumstance-changes/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def growth(secretary, **fields) -> dict:
    return {
        "secretary": secretary.pk,
        "year": 2025,
        "kind": "collective_economy_growth",
        "operation": "record",
        "growth_percent": "23.5",
        "reason": "村集体经营性收入由42万元增至52万元",
        "evidence": [evidence("审计报告.pdf")],
        **fields,
    }


@pytest.fixture
def secretary(district):
    return SecretaryFactory(organization=district.sibling_community, started_on=date(2021, 1, 1))


def test_the_street_records_growth_with_its_file_and_the_district_confirms(district, secretary):
    response = api(district.users["street_staff"]).post(RECORDS, growth(secretary), format="multipart")
    assert response.status_code == 201, response.content
    assert response.data["evidence"] == ["审计报告.pdf"] and response.data["growth_percent"] == "23.50"
    decide = f"{RECORDS}{response.data['id']}/decide/"
    assert api(district.users["street_staff"]).post(decide, {"approve": True}, format="json").status_code == 403
    confirmed = api(district.users["district_admin"]).post(decide, {"approve": True}, format="json")
    assert confirmed.status_code == 200 and confirmed.data["status"] == CircumstanceStatus.CONFIRMED
    assert RewardCircumstance.objects.get(secretary=secretary, year=2025).collective_economy_growth


def test_bad_input_is_refused_naming_its_field(district, secretary):
    client = api(district.users["street_staff"])
    out_of_range = client.post(RECORDS, growth(secretary, year=2150), format="multipart")
    assert out_of_range.status_code == 400 and "year" in out_of_range.data["errors"]
    before_tenure = client.post(RECORDS, growth(secretary, year=2019), format="multipart")
    assert before_tenure.status_code == 400 and before_tenure.data["errors"]["year"].startswith("年度")
    no_departure = client.post(
        RECORDS, growth(secretary, kind="left_normally", evidence=[], reason="任期届满"), format="multipart"
    )
    assert no_departure.status_code == 400 and no_departure.data["errors"]["ended_on"].startswith("离任日期")
    assert not RewardCircumstanceChange.objects.exists()


def test_a_tenure_out_of_scope_is_not_found(district, secretary):
    response = api(district.users["outsider"]).post(RECORDS, growth(secretary), format="multipart")
    assert response.status_code == 404
    assert not RewardCircumstanceChange.objects.exists()
