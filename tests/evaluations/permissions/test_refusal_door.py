"""Every refusal comes through one door, orgs.permissions.refuse: audited, then 404 out of scope or 403 for a missing
capability. The pages, the API and the admin call the doors; none audits a refusal and raises by hand."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from evaluations.models import Objection
from evaluations.permissions import (
    get_objection_for_user,
    get_recommended_list_for_user,
    get_streets_reviewed_by_user,
    get_survey_for_member,
)
from evaluations.services.approval import recommended_list_build
from evaluations.services.quotas import five_star_cap_set
from orgs.models import AuditAction, AuditEvent
from orgs.permissions import Capability, refuse
from tests.support.permissions import (
    at_stage,
    campaign_awaiting_approval,
    evaluation_of,
    open_community_campaign,
    open_survey,
)

ROOT = Path(__file__).resolve().parents[3]
# Where refusals are made: the one door and the audit service that records them.
DOORS = {Path("orgs/permissions.py"), Path("orgs/services/audit.py")}


def _refusal(user) -> AuditEvent:
    return AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=user).latest("pk")


def test_nothing_but_the_door_audits_a_refusal():
    written_by_hand = []
    for app in ("orgs", "scoring", "evaluations", "starrating"):
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative in DOORS or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                called = isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
                if called == "audit_refusal":
                    written_by_hand.append(f"{relative}:{node.lineno}")
    assert not written_by_hand, "refuse through orgs.permissions.refuse instead: " + ", ".join(written_by_hand)


@pytest.mark.django_db
def test_out_of_scope_is_404_and_a_missing_capability_403_both_audited(district):
    outsider = district.users["outsider"]
    with pytest.raises(Http404, match="您的管辖范围内没有此项。"):
        refuse(outsider, capability=Capability.RUN_PUBLICITY, object_type="objection", object_id=7, not_found=True)
    refusal = _refusal(outsider)
    assert (refusal.object_type, refusal.object_id, refusal.detail["capability"]) == ("objection", "7", "run_publicity")

    with pytest.raises(PermissionDenied):
        refuse(outsider, capability=Capability.MANAGE_CAMPAIGNS, object_type="campaign", object_id=3, not_found=False)
    assert _refusal(outsider).detail["capability"] == "manage_campaigns"


@pytest.mark.django_db
def test_an_objection_of_another_street_is_not_found_and_one_in_scope_not_answered_by_others(district):
    campaign = open_community_campaign(district)
    objection = Objection.objects.create(
        evaluation=at_stage(evaluation_of(campaign, district.community), "publicity"), text="异议"
    )

    with pytest.raises(Http404):
        get_objection_for_user(district.users["outsider"], objection.pk, Capability.RUN_PUBLICITY)
    with pytest.raises(PermissionDenied):
        get_objection_for_user(district.users["org_admin"], objection.pk, Capability.RUN_PUBLICITY)
    assert get_objection_for_user(district.users["street_staff"], objection.pk, Capability.RUN_PUBLICITY) == objection
    assert _refusal(district.users["org_admin"]).object_type == "objection"


@pytest.mark.django_db
def test_a_member_votes_in_their_organizations_survey_and_others_are_told_why_or_find_nothing(district):
    survey = open_survey(district)

    assert get_survey_for_member(district.users["member"], survey.pk) == survey
    with pytest.raises(PermissionDenied, match="只有本组织的党员才能参加本次测评。"):
        get_survey_for_member(district.users["street_staff"], survey.pk)
    with pytest.raises(Http404):
        get_survey_for_member(district.users["outsider"], survey.pk)
    assert _refusal(district.users["outsider"]).detail["capability"] == "vote_as_member"


@pytest.mark.django_db
def test_the_recommended_list_is_for_the_district_and_the_committee(district):
    campaign = campaign_awaiting_approval(district)
    five_star_cap_set(campaign=campaign, cap="100", by=district.users["district_admin"])
    recommended_list = recommended_list_build(campaign=campaign, by=district.users["district_admin"])

    for username in ("district_admin", "district_approver"):
        assert get_recommended_list_for_user(district.users[username], recommended_list.pk) == recommended_list
    with pytest.raises(PermissionDenied):
        get_recommended_list_for_user(district.users["department_reviewer"], recommended_list.pk)
    with pytest.raises(PermissionDenied):
        get_recommended_list_for_user(
            district.users["district_admin"], recommended_list.pk, (Capability.APPROVE_RESULTS,)
        )
    assert _refusal(district.users["district_admin"]).object_type == "recommended_list"


@pytest.mark.django_db
def test_only_reviewers_get_the_streets_of_a_campaign(district):
    campaign = open_community_campaign(district)

    assert get_streets_reviewed_by_user(district.users["street_staff"], campaign) == [district.street]
    with pytest.raises(PermissionDenied):
        get_streets_reviewed_by_user(district.users["org_admin"], campaign)
    assert _refusal(district.users["org_admin"]).detail["capability"] == "review_scores"
