"""The consequence job over approved results: the rows it writes, a rerun that changes nothing, a corrected result
that withdraws exactly what no longer holds, a revised rule set, and the approval and revision that queue it."""

from datetime import date

import pytest

from evaluations.models import Consequence, ConsequenceInputs, ConsequenceStatus, Evaluation
from evaluations.rules.workflow import Action, StageKind
from evaluations.services.consequences import consequences_apply
from evaluations.services.transitions import evaluation_transition
from orgs.models import AuditEvent
from scoring.consequence_rule_sets import consequence_rule_set_revise
from scoring.models import ConsequenceRuleSet
from tests.factories import SecretaryFactory
from tests.support.consequences import approved, result_set, rule_sets_loaded, term, yearly_campaign
from tests.support.evaluations import at_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(district):
    """东城第一社区党委 rated 3, 4 and 3 stars in 2021–2023 under one secretary, in the 2021–2025 term."""
    rule_sets_loaded("yucheng_3plus2")
    community = district.community
    term(community, 2021, 2025)
    secretary = SecretaryFactory(organization=community, name="赵书记", started_on=date(2020, 1, 1))
    campaigns = {year: yearly_campaign(district.district, year) for year in (2021, 2022, 2023)}
    evaluations = {
        year: approved(campaigns[year], community, stars) for year, stars in ((2021, 3), (2022, 4), (2023, 3))
    }
    return community, secretary, campaigns, evaluations


def active(**filters):
    return Consequence.objects.filter(status=ConsequenceStatus.ACTIVE, **filters)


def test_three_four_three_stars_in_a_term_make_the_organization_and_its_secretary_lose_award_eligibility(history):
    community, secretary, _campaigns, evaluations = history
    run = consequences_apply(organization_ids=[community.pk])
    rows = {(row.rule.code, row.action, row.target): row for row in active()}
    assert set(rows) == {
        ("Y1", "commendation_candidate", "organization"),
        ("Y2", "award_ineligible_term", "organization"),
        ("Y2", "award_ineligible_term", "leader"),
    }
    leader = rows[("Y2", "award_ineligible_term", "leader")]
    assert (leader.person_key, leader.person_name, leader.secretary_id) == (
        secretary.id_card_hash,
        "赵书记",
        secretary.pk,
    )
    assert leader.result_ids == [evaluations[2021].pk, evaluations[2023].pk]
    assert leader.rule_version == 1 and leader.occasion == "term:2021-2025" and leader.year == 2023
    assert "2021年 3星" in leader.explanation and "2023年 3星" in leader.explanation
    assert "赵书记" in leader.explanation
    assert run.added == 3
    assert AuditEvent.objects.filter(action="consequences_apply").count() == 1


def test_running_the_job_again_leaves_the_same_rows(history):
    community = history[0]
    consequences_apply(organization_ids=[community.pk])
    before = list(active().order_by("pk").values_list("pk", "updated_at", "explanation"))
    run = consequences_apply(organization_ids=[community.pk])
    assert (run.added, run.updated, run.withdrawn, run.kept) == (0, 0, 0, 3)
    assert list(active().order_by("pk").values_list("pk", "updated_at", "explanation")) == before
    assert Consequence.objects.count() == 3


def test_a_corrected_result_withdraws_exactly_the_consequences_that_no_longer_hold(history):
    community, _secretary, _campaigns, evaluations = history
    consequences_apply(organization_ids=[community.pk])
    kept = active(rule__code="Y1").get()
    evaluation = evaluations[2023]
    evaluation.approved_stars = 5  # the district corrects 2023 to five stars
    evaluation.save(update_fields=["approved_stars"])
    run = consequences_apply(organization_ids=[community.pk])
    withdrawn = Consequence.objects.filter(status=ConsequenceStatus.WITHDRAWN)
    assert set(withdrawn.values_list("rule__code", "target")) == {("Y2", "organization"), ("Y2", "leader")}
    assert all("不再" in row.withdrawn_reason and "2023年 5星" in row.withdrawn_reason for row in withdrawn)
    assert run.withdrawn == 2
    # The commendation still holds; its results now include 2023.
    kept.refresh_from_db()
    assert kept.status == ConsequenceStatus.ACTIVE and kept.result_ids == [evaluations[2022].pk, evaluation.pk]


def test_a_revised_rule_set_withdraws_the_rows_of_the_old_version_and_adds_those_of_the_new(history):
    community = history[0]
    consequences_apply(organization_ids=[community.pk])
    old = ConsequenceRuleSet.objects.get(code="yucheng_3plus2")
    revised = consequence_rule_set_revise(
        rule_set=old,
        source_yaml=old.source_yaml.replace("when: {stars: [3], in_term: 2}", "when: {stars: [3], in_term: 3}"),
        by=None,
    )
    assert revised.version == 2 and revised.is_active
    consequences_apply(organization_ids=[community.pk])
    assert set(active().values_list("rule__code", "rule_version")) == {("Y1", 2)}
    reasons = set(
        Consequence.objects.filter(status=ConsequenceStatus.WITHDRAWN).values_list("withdrawn_reason", flat=True)
    )
    assert len(reasons) == 1 and "修订" in reasons.pop()


def test_an_approval_and_a_revision_queue_the_job_for_the_organization(
    district, history, django_capture_on_commit_callbacks
):
    community = history[0]
    campaign = yearly_campaign(district.district, 2024)
    evaluation = Evaluation.objects.get(campaign=campaign, organization=community)
    result_set(evaluation, 3)
    at_stage(evaluation, StageKind.APPROVAL)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_transition(evaluation=evaluation, action=Action.SUBMIT, by=district.users["district_approver"])
    # A third 3-star result in the term: the term review cannot be excellent.
    assert active(rule__code="Y3", target="organization").exists()
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_transition(
            evaluation=evaluation,
            action=Action.REVISE,
            by=district.users["district_admin"],
            reason="信访部门反映情况属实，更正复核分",
            target_order=1,
        )
    assert not active(rule__code="Y3").exists()
    assert Consequence.objects.filter(rule__code="Y3", status=ConsequenceStatus.WITHDRAWN).count() == 2


def test_a_rerun_passes_over_unchanged_organizations_but_applies_the_rules_again_where_the_leader_changed(history):
    community, secretary, _campaigns, _evaluations = history
    consequences_apply(organization_ids=[community.pk])
    before = list(active().order_by("pk").values_list("pk", "updated_at"))
    assert ConsequenceInputs.objects.filter(organization=community).exists()
    secretary.name = "赵\t书\\记"  # a name as a roster may hold it: tab and backslash stored as typed
    secretary.save(update_fields=["name"])
    run = consequences_apply(organization_ids=[community.pk])
    assert (run.added, run.updated, run.withdrawn) == (0, 1, 0)
    leader = active(target="leader").get()
    assert leader.person_name == "赵\t书\\记" and "赵\t书\\记" in leader.explanation
    again = consequences_apply(organization_ids=[community.pk])
    assert (again.added, again.updated, again.withdrawn, again.kept) == (0, 0, 0, 3)
    assert [pk for pk, _at in before] == list(active().order_by("pk").values_list("pk", flat=True))


def test_new_rows_keep_names_with_tabs_and_backslashes_as_typed(district):
    rule_sets_loaded("yucheng_3plus2")
    community = district.community
    term(community, 2021, 2025)
    SecretaryFactory(organization=community, name="孙\\书\n记", started_on=date(2020, 1, 1))
    for year in (2022, 2023):
        approved(yearly_campaign(district.district, year), community, 1)
    consequences_apply(organization_ids=[community.pk])
    handling = active(rule__code="Y8").get()
    assert handling.person_name == "孙\\书\n记" and handling.explanation.endswith("孙\\书\n记。")
