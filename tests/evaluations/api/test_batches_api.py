"""The recommended list's batches over the API act like the page: the district organization department builds the
next batch from the evaluations ready now, a refusal is 400 with its message, a stale version 409, another role
403 and a user who does not see the campaign 404."""

import pytest

from evaluations.models import RecommendedList
from evaluations.services.approval import recommended_list_approve, recommended_list_build, recommended_list_submit
from evaluations.services.quotas import five_star_cap_set
from orgs.models import AuditEvent, AuditOutcome
from tests.support.api import api
from tests.support.approval import campaign_awaiting_approval, give_result
from tests.support.evaluations import at_stage, evaluation_of

URL = "/api/v1/recommended-lists/build/"


@pytest.fixture
def first_approved(district):
    """Batch 1 (the street's two communities) approved; the other street's community computed, not yet at approval."""
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district, {"community": ("95", 5), "sibling_community": ("88", 4)})
    five_star_cap_set(campaign=campaign, cap="100", by=admin)
    batch = recommended_list_submit(recommended_list=recommended_list_build(campaign=campaign, by=admin), by=admin)
    recommended_list_approve(recommended_list=batch, by=district.users["district_approver"])
    return campaign


def test_the_next_batch_is_built_from_the_evaluations_ready_now(district, first_approved):
    admin = api(district.users["district_admin"])
    refused = admin.post(URL, {"campaign": first_approved.pk}, format="json")
    assert refused.status_code == 400
    assert "尚无" in refused.json()["errors"]["status"]

    at_stage(evaluation_of(first_approved, district.other_community), "approval")
    give_result(evaluation_of(first_approved, district.other_community), total="90", stars=4)
    built = admin.post(URL, {"campaign": first_approved.pk}, format="json")
    assert built.status_code == 200
    assert (built.json()["number"], built.json()["status"]) == (2, "draft")
    detail = admin.get(f"/api/v1/recommended-lists/{built.json()['id']}/").json()
    assert [row["organization"] for row in detail["entries"]] == [district.other_community.name]
    assert (detail["checks"]["batch"], detail["checks"]["approved"], detail["checks"]["organizations"]) == (1, 2, 3)
    assert (detail["progress"]["approved"], detail["progress"]["at_approval"]) == (2, 1)

    listed = admin.get("/api/v1/recommended-lists/", {"campaign": first_approved.pk}).json()["results"]
    assert [(row["number"], row["status"]) for row in listed] == [(2, "draft"), (1, "approved")]

    stale = admin.post(URL, {"campaign": first_approved.pk, "version": 0}, format="json")
    assert stale.status_code == 409
    assert RecommendedList.objects.filter(campaign=first_approved).count() == 2


def test_the_approver_and_another_streets_staff_cannot_build_and_a_member_does_not_see_the_campaign(
    district, first_approved
):
    for role in ("district_approver", "outsider"):
        response = api(district.users[role]).post(URL, {"campaign": first_approved.pk}, format="json")
        assert response.status_code == 403, role
    member = api(district.users["member"]).post(URL, {"campaign": first_approved.pk}, format="json")
    assert member.status_code == 404
    assert AuditEvent.objects.filter(actor=district.users["member"], outcome=AuditOutcome.REFUSED).exists()
    assert RecommendedList.objects.filter(campaign=first_approved).count() == 1


def test_a_campaign_that_is_not_a_number_is_refused_by_field(district, first_approved):
    response = api(district.users["district_admin"]).post(URL, {"campaign": "abc"}, format="json")
    assert response.status_code == 400
    assert "campaign" in response.json()["errors"]
