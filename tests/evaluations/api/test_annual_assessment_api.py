"""The annual assessment over the API: the year's table for the district or a street, the proposals made by POST,
and a street's staff refused for another street."""

import pytest
from rest_framework.test import APIClient

from evaluations.models import SecretaryStarChange
from tests.factories import SecretaryFactory
from tests.support.secretary_stars import jinyuan_rule_set, quarterly_totals

pytestmark = pytest.mark.django_db

URL = "/api/v1/secretary-star-assessments/"


def api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def secretaries(district):
    jinyuan_rule_set()
    zheng = SecretaryFactory(organization=district.community, name="郑书记")
    sun = SecretaryFactory(organization=district.other_community, name="孙书记")
    quarterly_totals(district, zheng, 2026, {1: 92, 2: 88, 3: 91, 4: 91})
    quarterly_totals(district, sun, 2026, {1: 80, 2: 80})
    return zheng, sun


def test_the_district_reads_the_year_and_proposes(district, secretaries):
    client = api_client(district.users["district_admin"])
    body = client.get(URL, {"year": 2026}).json()
    assert body["organization"] == district.district.pk
    rows = {row["name"]: row for row in body["secretaries"]}
    assert rows["郑书记"]["mean"] == "90.50" and rows["郑书记"]["grade"] == "excellent"
    assert rows["郑书记"]["base_stars"] == 3 and rows["郑书记"]["base_proposal"] is None
    assert rows["孙书记"]["assessable"] is False and rows["孙书记"]["missing"] == [3, 4]
    assert [street["not_assessable"] for street in body["streets"]] == [0, 1]
    outcome = client.post(URL + "propose/", {"year": 2026}, format="json").json()
    assert outcome["created"] == 1 and outcome["not_assessable"] == 1
    again = client.post(URL + "propose/", {"year": 2026}, format="json").json()
    assert (again["created"], again["unchanged"]) == (0, 1)
    rows = {row["name"]: row for row in client.get(URL, {"year": 2026}).json()["secretaries"]}
    assert rows["郑书记"]["base_proposal"]["status"] == "proposed"


def test_a_street_reads_its_own_street_and_is_refused_another(district, secretaries):
    client = api_client(district.users["street_staff"])
    body = client.get(URL, {"year": 2026}).json()
    assert body["organization"] == district.street.pk
    assert [row["name"] for row in body["secretaries"]] == ["郑书记"]
    refused = client.post(URL + "propose/", {"year": 2026, "organization": district.other_street.pk}, format="json")
    assert refused.status_code == 404
    assert not SecretaryStarChange.objects.exists()


def test_a_missing_year_is_refused_naming_it(district, secretaries):
    client = api_client(district.users["district_admin"])
    assert "year" in client.get(URL).json()["errors"]
    assert "year" in client.post(URL + "propose/", {}, format="json").json()["errors"]
