"""Star proposals and removals with their evidence files in one multipart/form-data request: judged as the pages
judge them (the same forms, the same file checks), through the same doors, audited."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from evaluations.models import SecretaryStarChange, StarChangeStatus, StarRuleKind
from orgs.models import AuditEvent
from tests.factories import SecretaryFactory
from tests.support.secretary_stars import evidence, rule

pytestmark = pytest.mark.django_db
PROPOSALS = "/api/v1/secretary-star-changes/"
REMOVALS = "/api/v1/secretary-star-changes/remove/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def proposal(secretary, rule_set, **fields) -> dict:
    return {
        "secretary": secretary.pk,
        "year": 2025,
        "rule": rule(rule_set, "A1").pk,
        "stars": 1,
        "effective_on": "2025-09-01",
        "reason": "村集体收入增长30%",
        "evidence": [evidence("收入台账.pdf"), evidence("会议记录.pdf")],
        **fields,
    }


@pytest.fixture
def secretary(district):
    return SecretaryFactory(organization=district.community, started_on=date(2021, 1, 1))


def test_the_street_proposes_added_stars_with_two_files_in_one_request(district, rule_set, secretary):
    response = api(district.users["street_staff"]).post(PROPOSALS, proposal(secretary, rule_set), format="multipart")
    assert response.status_code == 201, response.content
    assert response.data["status"] == StarChangeStatus.PROPOSED and response.data["kind"] == StarRuleKind.ADDED
    change = SecretaryStarChange.objects.get(pk=response.data["id"])
    assert sorted(change.evidence.values_list("original_name", flat=True)) == ["会议记录.pdf", "收入台账.pdf"]
    audit = AuditEvent.objects.get(action="star_change_propose")
    assert audit.actor == district.users["street_staff"] and audit.detail["files"] == 2


def test_added_stars_without_evidence_are_refused_naming_the_evidence_and_nothing_is_written(
    district, rule_set, secretary
):
    response = api(district.users["street_staff"]).post(
        PROPOSALS, proposal(secretary, rule_set, evidence=[]), format="multipart"
    )
    assert response.status_code == 400
    assert "佐证材料" in response.data["errors"]["evidence"]
    assert not SecretaryStarChange.objects.exists()


def test_a_renamed_file_is_refused_as_the_page_refuses_it(district, rule_set, secretary):
    renamed = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = api(district.users["street_staff"]).post(
        PROPOSALS, proposal(secretary, rule_set, evidence=[renamed]), format="multipart"
    )
    assert response.status_code == 400
    assert "证明.pdf" in response.data["errors"]["evidence"]
    assert not SecretaryStarChange.objects.exists()


def test_a_field_the_page_form_refuses_is_refused_with_its_message(district, rule_set, secretary):
    response = api(district.users["street_staff"]).post(
        PROPOSALS, proposal(secretary, rule_set, year=1999, stars=0, effective_on="2025-13-01"), format="multipart"
    )
    assert response.status_code == 400
    assert set(response.data["errors"]) == {"year", "stars", "effective_on"}
    assert "2000" in response.data["errors"]["year"]


def test_another_streets_staff_finds_no_such_secretary(district, rule_set, secretary):
    response = api(district.users["outsider"]).post(PROPOSALS, proposal(secretary, rule_set), format="multipart")
    assert response.status_code == 404
    assert not SecretaryStarChange.objects.exists()
    assert AuditEvent.objects.filter(action="access_refused", actor=district.users["outsider"]).exists()


def test_the_district_removes_stars_with_evidence_and_the_street_cannot(district, rule_set, secretary):
    removal = {
        "secretary": secretary.pk,
        "stars": 2,
        "effective_on": "2025-07-01",
        "reason": "违规决策造成较大影响",
        "evidence": [evidence("调查报告.pdf")],
    }
    refused = api(district.users["street_staff"]).post(REMOVALS, removal, format="multipart")
    assert refused.status_code == 403
    removal["evidence"] = [evidence("调查报告.pdf")]
    response = api(district.users["district_admin"]).post(REMOVALS, removal, format="multipart")
    assert response.status_code == 201, response.content
    change = SecretaryStarChange.objects.get()
    assert (change.kind, change.status, change.stars) == (StarRuleKind.REMOVED, StarChangeStatus.APPROVED, 2)
    assert change.evidence.get().original_name == "调查报告.pdf"
    assert AuditEvent.objects.filter(action="star_remove", actor=district.users["district_admin"]).exists()


def test_a_removal_without_evidence_is_refused(district, rule_set, secretary):
    removal = {"secretary": secretary.pk, "stars": 1, "effective_on": "2025-07-01", "reason": "舆情"}
    response = api(district.users["district_admin"]).post(REMOVALS, removal, format="multipart")
    assert response.status_code == 400 and "evidence" in response.data["errors"]
    assert not SecretaryStarChange.objects.exists()
