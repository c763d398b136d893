"""The OpenAPI schema generates without a warning, and the docs page loads from the application's own
static files under the Content-Security-Policy (no inline script or style, no CDN)."""

import re

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse

STATIC_PREFIX = "/static/"


def test_schema_generates_and_validates_without_warnings(tmp_path):
    # --fail-on-warn raises on any warning or error of the generator
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    for route in ("/api/v1/organizations/", "/api/v1/members/{id}/", "/api/v1/secretaries/", "/api/v1/me/"):
        assert f"  {route}:" in schema


def test_schema_is_served_to_a_signed_in_user(district, login):
    response = login(district.users["member"]).get(reverse("api-schema") + "?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/members/" in paths
    assert {parameter["name"] for parameter in paths["/api/v1/members/"]["get"]["parameters"]} >= {
        "organization",
        "category",
        "status",
        "q",
        "page",
    }


def test_docs_page_uses_only_local_assets_and_no_inline_code(district, login):
    client = login(district.users["street_staff"])
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "<style" not in html
    assert " style=" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        assert 'src="' in attributes
        assert not body.strip()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    script_url = reverse("api-docs") + "?script="
    for asset in assets:
        assert asset == script_url or asset.startswith(STATIC_PREFIX), asset
        if asset.startswith(STATIC_PREFIX):
            assert finders.find(asset.removeprefix(STATIC_PREFIX)), f"{asset} is not served by the application"
    assert script_url in assets


def test_docs_init_script_is_served_as_javascript_pointing_at_the_schema(district, login):
    response = login(district.users["street_staff"]).get(reverse("api-docs") + "?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    body = response.content.decode()
    assert "SwaggerUIBundle(" in body
    assert reverse("api-schema") in body


def test_docs_page_is_refused_to_an_anonymous_caller(db, client):
    assert client.get(reverse("api-docs")).status_code == 401
