"""A campaign rates one kind of subject: organizations, secretaries (Jinyuan, seed 001) or members (seed 004).

Each evaluation keeps its organization as the scope anchor and names its secretary or member; the database holds
exactly one subject of the campaign's kind, once per campaign; a secretary's results follow the person."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Evaluation, SubjectKind
from evaluations.services.campaigns import campaign_create, campaign_open
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from orgs.models import AuditEvent, Secretary
from scoring.services import template_load
from tests.factories import MemberFactory, SecretaryFactory, make_id_card
from tests.support.evaluations import full_marks, open_community_campaign, save_scores
from tests.support.scoring import TEMPLATES_DIR

pytestmark = pytest.mark.django_db

MOVER = make_id_card(901, birth=date(1975, 3, 9))


def _jinyuan():
    return template_load(
        source_yaml=(TEMPLATES_DIR / "jinyuan_secretary_quarterly.yaml").read_text(encoding="utf-8"), by=None
    )


@pytest.fixture
def secretaries(district):
    """The first community's secretary changed in 2024; the sibling's is in office; the other street's has none."""
    SecretaryFactory(
        organization=district.community, name="前任书记", started_on=date(2018, 1, 1), ended_on=date(2023, 12, 31)
    )
    current = SecretaryFactory(
        organization=district.community, name="周书记", id_card=MOVER, started_on=date(2024, 1, 1)
    )
    sibling = SecretaryFactory(organization=district.sibling_community, name="吴书记", started_on=date(2021, 3, 1))
    return current, sibling


def test_a_secretary_campaign_rates_the_secretary_in_office_at_each_organization(district, secretaries):
    current, sibling = secretaries
    campaign = open_community_campaign(district, template=_jinyuan())
    assert campaign.subject_kind == SubjectKind.SECRETARY
    rated = {e.organization_id: e for e in Evaluation.objects.filter(campaign=campaign).select_related("secretary")}
    assert {pk: e.secretary for pk, e in rated.items()} == {
        district.community.pk: current,
        district.sibling_community.pk: sibling,
    }
    assert rated[district.community.pk].subject_name == "周书记（东城第一社区党委）"
    # The other street's community has no secretary in office: it is left out, and the opening says so.
    opened = AuditEvent.objects.filter(action=EvaluationAuditAction.CAMPAIGN_OPEN, object_id=str(campaign.pk)).get()
    assert opened.detail["left_out"] == 1 and opened.detail["organizations_left_out"] == [district.other_community.pk]


def test_the_campaign_page_names_the_secretaries(district, secretaries, login):
    campaign = open_community_campaign(district, template=_jinyuan())
    page = (
        login(district.users["street_staff"])
        .get(reverse("evaluations:campaign_evaluations", args=[campaign.pk]))
        .content.decode()
    )
    assert "周书记（东城第一社区党委）" in page and "吴书记（东城村党总支）" in page
    assert "前任书记" not in page


def test_a_template_that_rates_secretaries_cannot_open_a_campaign_of_organizations(district):
    with pytest.raises(ValidationError) as refused:
        campaign_create(
            name="错配",
            template=_jinyuan(),
            scope=district.district,
            year=2026,
            subject_kind=SubjectKind.ORGANIZATION,
            by=district.users["district_admin"],
        )
    assert "subject_kind" in refused.value.message_dict
    assert "书记" in refused.value.message_dict["subject_kind"][0]


def test_a_secretary_campaign_without_any_secretary_in_office_does_not_open(district):
    campaign = campaign_create(
        name="无书记", template=_jinyuan(), scope=district.district, year=2026, levels=["community"], by=None
    )
    with pytest.raises(ValidationError) as refused:
        campaign_open(campaign=campaign, by=None)
    assert "在任书记" in refused.value.messages[0]
    assert not Evaluation.objects.filter(campaign=campaign).exists()


def test_the_database_holds_exactly_one_subject_of_the_kind_once_per_campaign(district, secretaries):
    current, _sibling = secretaries
    campaign = open_community_campaign(district, template=_jinyuan())
    rated = Evaluation.objects.get(campaign=campaign, secretary=current)
    with transaction.atomic(), pytest.raises(IntegrityError):  # a secretary evaluation without its secretary
        Evaluation.objects.filter(pk=rated.pk).update(secretary=None)
    with transaction.atomic(), pytest.raises(IntegrityError):  # the same secretary twice in the campaign
        Evaluation.objects.create(
            campaign=campaign,
            organization=district.community,
            template=campaign.template,
            subject_kind=SubjectKind.SECRETARY,
            secretary=current,
        )
    with transaction.atomic(), pytest.raises(IntegrityError):  # an organization evaluation naming a member
        Evaluation.objects.create(
            campaign=campaign,
            organization=district.other_community,
            template=campaign.template,
            subject_kind=SubjectKind.ORGANIZATION,
            member=district.member,
        )


def test_a_secretarys_results_follow_them_to_their_next_organization(district, secretaries, login):
    current, _sibling = secretaries
    template = _jinyuan()
    campaign = open_community_campaign(district, template=template)
    rated = Evaluation.objects.get(campaign=campaign, secretary=current)
    save_scores(rated, full_marks(template, except_dimensions={"Q1": Decimal(4)}))
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    total = Evaluation.objects.get(pk=rated.pk).result.total
    # 周书记 moves to the other street's community: a new tenure of the same person.
    Secretary.objects.filter(pk=current.pk).update(ended_on=date(2026, 6, 30))
    moved = SecretaryFactory(
        organization=district.other_community, name="周书记", id_card=MOVER, started_on=date(2026, 7, 1)
    )

    record = login(district.users["district_admin"]).get(reverse("evaluations:secretary_results", args=[moved.pk]))
    page = record.content.decode()
    assert record.status_code == 200
    assert campaign.name in page and "东城第一社区党委" in page  # rated where they were then
    assert format(total.normalize(), "f") in page
    # The evaluation still belongs to the first organization's scope and names the person.
    assert Evaluation.objects.get(pk=rated.pk).organization_id == district.community.pk


def test_a_secretarys_record_is_out_of_scope_for_another_street(district, secretaries, login):
    current, _sibling = secretaries
    response = login(district.users["outsider"]).get(reverse("evaluations:secretary_results", args=[current.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        action="access_refused", object_type="secretary", object_id=str(current.pk)
    ).exists()


def test_a_member_campaign_rates_each_active_member_of_the_branches_at_their_branch(district):
    MemberFactory(branch=district.branch, name="王五")
    MemberFactory(branch=district.branch, name="赵六", is_active=False)
    # A template that rates members (the pioneer-index templates are an issue of their own): Yucheng's items.
    source = (TEMPLATES_DIR / "yucheng_4plus1_2018.yaml").read_text(encoding="utf-8")
    template = template_load(
        source_yaml=source.replace("code: yucheng_4plus1\n", "code: members_trial\nsubject: member\n"), by=None
    )
    campaign = campaign_create(
        name="党员评议", template=template, scope=district.district, year=2026, levels=["branch"], by=None
    )
    assert campaign.subject_kind == SubjectKind.MEMBER
    campaign_open(campaign=campaign, by=None)
    rated = Evaluation.objects.filter(campaign=campaign).select_related("member", "organization")
    assert sorted((e.member.name, e.organization.code) for e in rated) == [
        ("张三", "B010101"),
        ("李四", "B020101"),
        ("王五", "B010101"),
    ]


def test_the_api_names_the_subject_and_lists_a_secretarys_whole_record(district, secretaries, login):
    current, _sibling = secretaries
    campaign = open_community_campaign(district, template=_jinyuan())
    Secretary.objects.filter(pk=current.pk).update(ended_on=date(2026, 6, 30))
    moved = SecretaryFactory(
        organization=district.other_community, name="周书记", id_card=MOVER, started_on=date(2026, 7, 1)
    )
    client = login(district.users["district_admin"])
    listed = client.get("/api/v1/evaluations/", {"campaign": campaign.pk}).json()["results"]
    rated = next(row for row in listed if row["secretary"] == current.pk)
    assert rated["subject_kind"] == "secretary" and rated["subject"] == "周书记（东城第一社区党委）"
    record = client.get("/api/v1/evaluations/", {"secretary": moved.pk}).json()["results"]
    assert [row["id"] for row in record] == [Evaluation.objects.get(campaign=campaign, secretary=current).pk]
    # Another street's staff cannot read the record of a secretary outside their scope.
    refused = login(district.users["outsider"]).get("/api/v1/evaluations/", {"secretary": current.pk})
    assert refused.status_code == 404
