"""The API's errors have the shapes its schema documents: {"errors": {name: message}} for bad input (a malformed
JSON body, an empty or negative id in the query string), {"detail": message} for a refusal or an unknown address."""

import pytest
from django.urls import reverse

from evaluations.models import Transition
from tests.support.api import token_headers

SCHEMA_ERROR_BODIES = {"400": "Errors", "401": "Detail", "403": "Detail", "404": "Detail", "409": "Errors"}


@pytest.fixture
def schema(district, api_get):
    return api_get("district_admin", reverse("api-schema") + "?format=json").json()


def test_every_operation_documents_its_errors_with_their_bodies(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert "401" in responses, f"{method} {path}"
            if method != "get":
                assert {"400", "403", "404"} <= set(responses), f"{method} {path}"
            for code, response in responses.items():
                if code in SCHEMA_ERROR_BODIES:
                    body = response["content"]["application/json"]["schema"]
                    assert body == {"$ref": f"#/components/schemas/{SCHEMA_ERROR_BODIES[code]}"}, f"{method} {path}"


def test_a_malformed_json_body_is_a_400_in_the_errors_shape_and_changes_nothing(district, client):
    headers = token_headers(district)["street_staff"]
    before = Transition.objects.count()
    response = client.post(reverse("api-transition-list"), '{"evaluation": 1,', "application/json", **headers)
    assert response.status_code == 400
    assert response.json() == {"errors": {"body": "请求体不是有效的 JSON，未做任何修改。"}}
    assert Transition.objects.count() == before


def _id_query_parameters(schema):
    for path, item in schema["paths"].items():
        for parameter in item.get("get", {}).get("parameters", []):
            if parameter["in"] == "query" and parameter["schema"].get("minimum") == 1:
                yield path, parameter["name"]


@pytest.mark.parametrize("value", ["", "-1", "0", "1.5"])
def test_an_empty_or_negative_id_in_the_query_is_a_400_naming_the_parameter(district, api_get, schema, value):
    checked = list(_id_query_parameters(schema))
    assert len(checked) >= 10
    for path, name in checked:
        response = api_get("district_admin", path, **{name: value})
        assert response.status_code == 400, (path, name)
        assert response.json() == {"errors": {name: response.json()["errors"][name]}}, (path, name)
        assert "编号" in response.json()["errors"][name]


def test_an_address_under_the_api_that_is_no_route_is_a_json_404(district, api_get):
    response = api_get("street_staff", "/api/v1/campaigns/abc/")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
