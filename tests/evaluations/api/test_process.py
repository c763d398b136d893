"""The API for objections, department opinions and the recommended list acts like the pages: the allowed role
acts through the same service, a wrong role is 403, a refusal of the service 400 with its message, a stale
version 409, and a user of another street 404; an objection's contact leaves the server masked only."""

import pytest

from evaluations.models import DepartmentOpinion, Objection, RecommendationStatus
from evaluations.services.approval import recommended_list_build, recommended_list_submit
from evaluations.services.consultation import opinion_give
from evaluations.services.publicity import objection_file
from evaluations.services.quotas import five_star_cap_set
from orgs.permissions import assign_role
from orgs.roles import Role
from tests.factories import UserFactory
from tests.support.api import api
from tests.support.approval import campaign_awaiting_approval
from tests.support.consultation import consulting_campaign, department, reviewed_at_consultation
from tests.support.publicity import publicised

# Each test counts the objection throttle from zero.
pytestmark = pytest.mark.usefixtures("own_cache")


# --- Objections -------------------------------------------------------------------------------------------


@pytest.fixture
def objection(district):
    campaign, evaluation = publicised(district)
    return objection_file(
        campaign=campaign,
        street=district.street,
        evaluation_id=evaluation.pk,
        text="党员大会记录缺失",
        name="王五",
        contact="13812345678",
        client_address="10.0.0.1",
    )


def test_street_staff_list_objections_with_the_contact_masked(district, objection):
    response = api(district.users["street_staff"]).get("/api/v1/objections/", {"evaluation": objection.evaluation_id})

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert (row["organization"], row["text"], row["name"], row["contact"]) == (
        district.community.name,
        "党员大会记录缺失",
        "王五",
        "138****5678",
    )
    assert row["answered_at"] is None
    body = response.content.decode()
    assert "13812345678" not in body
    assert Objection.objects.get().contact not in body  # never the ciphertext


def test_the_objection_detail_masks_the_contact_too(district, objection):
    response = api(district.users["street_staff"]).get(f"/api/v1/objections/{objection.pk}/")

    assert response.status_code == 200
    assert response.json()["contact"] == "138****5678"
    assert "13812345678" not in response.content.decode()


@pytest.mark.parametrize("username", ["org_admin", "district_approver"])
def test_only_the_street_sees_who_objected(district, objection, username):
    client = api(district.users[username])
    detail = client.get(f"/api/v1/objections/{objection.pk}/").json()
    (listed,) = client.get("/api/v1/objections/").json()["results"]

    for row in (detail, listed):
        assert (row["text"], row["name"], row["contact"]) == ("党员大会记录缺失", "", "")
    assert "王五" not in str(detail) and "5678" not in str(listed)


def test_the_objection_list_answers_in_a_fixed_number_of_queries(district, objection, django_assert_max_num_queries):
    for number in range(5):
        Objection.objects.create(evaluation=objection.evaluation, text=f"异议{number}", contact=objection.contact)
    client = api(district.users["street_staff"])
    client.get("/api/v1/objections/")  # the grants are loaded once

    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/objections/")

    assert response.json()["count"] == 6


def test_street_staff_answer_an_objection(district, objection):
    response = api(district.users["street_staff"]).post(
        f"/api/v1/objections/{objection.pk}/answer/", {"answer": "经核实，记录齐全。"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["answer"] == "经核实，记录齐全。"
    assert response.json()["contact"] == "138****5678"
    objection.refresh_from_db()
    assert (objection.answer, objection.answered_by) == ("经核实，记录齐全。", district.users["street_staff"])


@pytest.mark.parametrize(
    ("username", "answer", "status", "message"),
    [
        ("street_staff", "  ", 400, "异议的答复"),
        ("org_admin", "越权答复", 403, ""),
        ("district_approver", "越权答复", 403, ""),
        ("outsider", "越权答复", 404, ""),
    ],
)
def test_a_refused_answer_changes_nothing(district, objection, username, answer, status, message):
    response = api(district.users[username]).post(
        f"/api/v1/objections/{objection.pk}/answer/", {"answer": answer}, format="json"
    )

    assert response.status_code == status
    assert message in str(response.json())
    objection.refresh_from_db()
    assert (objection.answer, objection.answered_at) == ("", None)


def test_staff_of_another_street_see_no_objection(district, objection):
    client = api(district.users["outsider"])

    assert client.get("/api/v1/objections/").json()["count"] == 0
    assert client.get(f"/api/v1/objections/{objection.pk}/").status_code == 404


def test_an_objection_cannot_be_filed_over_the_api(district, objection):
    response = api(district.users["street_staff"]).post(
        "/api/v1/objections/", {"evaluation": objection.evaluation_id, "text": "异议"}, format="json"
    )

    assert response.status_code == 405
    assert Objection.objects.count() == 1


# --- Department opinions ----------------------------------------------------------------------------------


@pytest.fixture
def consulted(district):
    return reviewed_at_consultation(consulting_campaign(district), district.community)


def test_a_department_reviewer_gives_an_opinion_and_it_is_listed(district, consulted):
    reviewer = api(district.users["department_reviewer"])

    response = reviewer.post(
        "/api/v1/opinions/", {"evaluation": consulted.pk, "kind": "veto", "veto_item": "V04", "note": "违规"}
    )

    assert response.status_code == 201
    created = response.json()
    assert (created["department"], created["kind"], created["veto_item"], created["note"]) == (
        "discipline",
        "veto",
        "V04",
        "违规",
    )
    admin = api(district.users["district_admin"])
    listed = admin.get("/api/v1/opinions/", {"evaluation": consulted.pk}).json()["results"]
    assert [row["id"] for row in listed] == [created["id"]]
    assert admin.get(f"/api/v1/opinions/{created['id']}/").json()["organization"] == district.community.name


def test_a_concern_without_a_note_is_refused_with_the_message(district, consulted):
    response = api(district.users["department_reviewer"]).post(
        "/api/v1/opinions/", {"evaluation": consulted.pk, "kind": "concern"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"errors": {"note": f"{district.community.name}：提出意见须填写说明。"}}
    assert not DepartmentOpinion.objects.exists()


@pytest.mark.parametrize(("username", "status"), [("district_admin", 403), ("street_staff", 403), ("outsider", 404)])
def test_only_a_department_reviewer_in_scope_gives_an_opinion(district, consulted, username, status):
    response = api(district.users[username]).post(
        "/api/v1/opinions/", {"evaluation": consulted.pk, "kind": "no_objection"}, format="json"
    )

    assert response.status_code == status
    assert not DepartmentOpinion.objects.exists()


def test_the_street_does_not_read_the_departments_opinions(district, consulted):
    opinion = api(district.users["department_reviewer"]).post(
        "/api/v1/opinions/", {"evaluation": consulted.pk, "kind": "no_objection"}, format="json"
    )
    client = api(district.users["street_staff"])

    assert client.get("/api/v1/opinions/").json()["count"] == 0
    assert client.get(f"/api/v1/opinions/{opinion.json()['id']}/").status_code == 403
    assert api(district.users["outsider"]).get(f"/api/v1/opinions/{opinion.json()['id']}/").status_code == 404


def test_a_department_reviewer_reads_only_their_own_departments_opinions(district, consulted):
    auditor = UserFactory(username="auditor", department=department("audit"))
    assign_role(user=auditor, role=Role.DEPARTMENT_REVIEWER, organization=district.district)
    theirs = opinion_give(evaluation=consulted, kind="concern", note="审计发现问题", by=auditor)
    own = api(district.users["department_reviewer"]).post(
        "/api/v1/opinions/", {"evaluation": consulted.pk, "kind": "no_objection"}, format="json"
    )
    reviewer = api(district.users["department_reviewer"])

    listed = reviewer.get("/api/v1/opinions/", {"evaluation": consulted.pk}).json()["results"]
    assert [row["id"] for row in listed] == [own.json()["id"]]
    assert reviewer.get(f"/api/v1/opinions/{theirs.pk}/").status_code == 404
    admin = api(district.users["district_admin"]).get("/api/v1/opinions/", {"evaluation": consulted.pk}).json()
    assert sorted(row["department"] for row in admin["results"]) == ["audit", "discipline"]


# --- The recommended list ---------------------------------------------------------------------------------


@pytest.fixture
def draft(district):
    """A draft list of the street's two communities (the other street's community is still at self-assessment)."""
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district, {"community": ("95", 5), "sibling_community": ("88", 4)})
    five_star_cap_set(campaign=campaign, cap="50", by=admin)
    return recommended_list_build(campaign=campaign, by=admin)


def test_the_district_reads_the_list_with_its_entries_and_checks(district, draft):
    response = api(district.users["district_approver"]).get(f"/api/v1/recommended-lists/{draft.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["version"], body["five_star_cap"]) == ("draft", draft.lock_version, "50.0")
    assert [(row["rank"], row["organization"], row["stars"]) for row in body["entries"]] == [
        (1, district.community.name, 5),
        (2, district.sibling_community.name, 4),
    ]
    # The share is over the campaign's three rated organizations: the other street's community counts too.
    assert (body["checks"]["ok"], body["checks"]["five_star"], body["checks"]["share"]) == (True, 1, "33.3")
    assert (body["number"], body["checks"]["batch"], body["checks"]["approved"]) == (1, 2, 0)
    assert body["progress"] == {
        "evaluations": 3,
        "at_approval": 2,
        "ready": 0,
        "approved": 0,
        "withdrawn": 0,
        "complete": False,
    }
    listed = api(district.users["district_admin"]).get("/api/v1/recommended-lists/", {"campaign": draft.campaign_id})
    assert [row["id"] for row in listed.json()["results"]] == [draft.pk]


def test_the_approver_returns_a_submitted_list_with_a_reason(district, draft):
    submitted = api(district.users["district_admin"]).post(
        f"/api/v1/recommended-lists/{draft.pk}/submit/", {"version": draft.lock_version}, format="json"
    )
    approver = api(district.users["district_approver"])
    url = f"/api/v1/recommended-lists/{draft.pk}/withdraw/"

    refused = approver.post(url, {"version": submitted.json()["version"], "reason": ""}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"errors": {"status": "请说明推荐名单退回草稿的原因。"}}

    returned = approver.post(url, {"version": submitted.json()["version"], "reason": "材料待补充"}, format="json")
    assert returned.status_code == 200
    assert returned.json()["status"] == RecommendationStatus.DRAFT
    again = approver.post(url, {"version": returned.json()["version"], "reason": "再退回"}, format="json")
    assert again.status_code == 400


def test_the_district_admin_submits_and_the_approver_approves(district, draft):
    submitted = api(district.users["district_admin"]).post(
        f"/api/v1/recommended-lists/{draft.pk}/submit/", {"version": draft.lock_version}, format="json"
    )
    assert submitted.status_code == 200
    assert submitted.json()["status"] == RecommendationStatus.SUBMITTED

    approved = api(district.users["district_approver"]).post(
        f"/api/v1/recommended-lists/{draft.pk}/approve/", {"version": submitted.json()["version"]}, format="json"
    )

    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["approved_by"]) == (
        RecommendationStatus.APPROVED,
        district.users["district_approver"].full_name,
    )
    draft.campaign.refresh_from_db()
    assert draft.campaign.published_at is not None


def test_approving_with_a_stale_version_is_refused_and_changes_nothing(district, draft):
    listed = recommended_list_submit(recommended_list=draft, by=district.users["district_admin"])

    response = api(district.users["district_approver"]).post(
        f"/api/v1/recommended-lists/{draft.pk}/approve/", {"version": listed.lock_version - 1}, format="json"
    )

    assert response.status_code == 409
    assert response.json() == {"errors": {"version": "建议名单已被他人修改。请刷新页面后重试。"}}
    listed.refresh_from_db()
    assert listed.status == RecommendationStatus.SUBMITTED


def test_a_draft_is_not_approved_and_the_message_says_why(district, draft):
    response = api(district.users["district_approver"]).post(
        f"/api/v1/recommended-lists/{draft.pk}/approve/", {"version": draft.lock_version}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"errors": {"status": "只有已提交的建议名单才能审定。"}}


@pytest.mark.parametrize(("username", "step"), [("district_admin", "approve"), ("district_approver", "submit")])
def test_each_district_role_takes_only_its_own_step(district, draft, username, step):
    response = api(district.users[username]).post(
        f"/api/v1/recommended-lists/{draft.pk}/{step}/", {"version": draft.lock_version}, format="json"
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == RecommendationStatus.DRAFT


@pytest.mark.parametrize("username", ["street_staff", "department_reviewer"])
def test_roles_that_see_the_campaign_but_not_the_list_are_refused(district, draft, username):
    client = api(district.users[username])

    assert client.get("/api/v1/recommended-lists/").json()["count"] == 0
    assert client.get(f"/api/v1/recommended-lists/{draft.pk}/").status_code == 403


@pytest.mark.parametrize(("username", "status"), [("outsider", 403), ("member", 404), ("nobody", 404)])
def test_users_without_the_list_in_scope_are_refused_and_nothing_changes(district, draft, username, status):
    """Another street's staff see the district-wide campaign (their street takes part) but not its list: 403, as
    on the pages; a user who does not see the campaign at all: 404."""
    client = api(district.users[username])

    assert client.get("/api/v1/recommended-lists/").json()["count"] == 0
    assert client.get(f"/api/v1/recommended-lists/{draft.pk}/").status_code == status
    response = client.post(f"/api/v1/recommended-lists/{draft.pk}/submit/", {"version": draft.lock_version})
    assert response.status_code == status
    draft.refresh_from_db()
    assert draft.status == RecommendationStatus.DRAFT
