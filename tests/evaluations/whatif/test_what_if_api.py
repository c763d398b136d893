"""Policy what-ifs over the API: a draft with only the numbers that change, the outcome, the adoption."""

import pytest
from django.urls import reverse

from scoring.models import IndicatorTemplate
from tests.support.whatif import scored_campaign

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_district_runs_a_draft_and_adopts_it_with_the_version_it_confirms(
    district, campaign, client, django_capture_on_commit_callbacks
):
    scored_campaign(district, campaign)
    client.force_login(district.users["district_admin"])
    body = {"template": campaign.template.pk, "campaign": campaign.pk, "settings": {"threshold": "19"}}
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(reverse("api-what-if-list"), body, content_type="application/json")
    assert created.status_code == 201
    detail = client.get(reverse("api-what-if-detail", args=[created.json()["id"]])).json()
    assert detail["status"] == "succeeded"
    assert detail["comparison"]["results"]["total"]["lose"] == 2
    assert sorted(row["name"] for row in detail["changed"]) == ["东城村党总支", "东城第一社区党委"]
    adopt = reverse("api-what-if-adopt", args=[detail["id"]])
    stale = client.post(adopt, {"version": 3}, content_type="application/json")
    assert stale.status_code == 400 and "版本 2" in stale.json()["errors"]["version"]
    assert client.post(adopt, {"version": 2}, content_type="application/json").json()["adopted_version"] == 2
    assert IndicatorTemplate.objects.filter(code="yucheng_4plus1").count() == 2


def test_a_bad_draft_is_refused_naming_the_field(district, campaign, client):
    client.force_login(district.users["district_admin"])
    body = {"template": campaign.template.pk, "campaign": campaign.pk, "settings": {"threshold": "25"}}
    refused = client.post(reverse("api-what-if-list"), body, content_type="application/json")
    assert refused.status_code == 400
    assert "党组织建设" in refused.json()["errors"]["threshold"]


def test_street_staff_cannot_run_a_draft(district, campaign, client):
    client.force_login(district.users["street_staff"])
    body = {"template": campaign.template.pk, "campaign": campaign.pk, "settings": {"threshold": "19"}}
    assert client.post(reverse("api-what-if-list"), body, content_type="application/json").status_code == 403
