"""The annual assessment proposes base stars from the year's approved quarterly totals (Jinyuan, seed 001): the
worked example, a secretary short of a quarter, reruns, decided and hand-made proposals left alone, the reduced star
of a poor year, and a street that may not propose for another street."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations.audit import EvaluationAuditAction
from evaluations.models import EvaluationResult, Notification, SecretaryStarChange, StarChangeStatus
from evaluations.selectors.annual_assessment import annual_assessment_table
from evaluations.services.secretary_stars.annual import annual_assessment_propose
from evaluations.services.secretary_stars.changes import star_change_decide, star_change_propose
from orgs.models import AuditEvent, AuditOutcome
from tests.factories import SecretaryFactory
from tests.support.secretary_stars import annual_example, quarterly_totals, rule

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def secretaries(district, rule_set):
    """郑书记 (all four quarters: 92, 88, 91, 91), 钱书记 (three quarters) and 孙书记 of the other street (poor)."""
    return annual_example(district, YEAR, other_street_totals={1: 58, 2: 55, 3: 61, 4: 57})


def test_the_worked_example_gets_a_proposal_of_three_base_stars_with_the_computation(district, secretaries):
    zheng, _qian, _sun = secretaries
    outcome = annual_assessment_propose(scope=district.district, year=YEAR, by=district.users["district_admin"])
    change = SecretaryStarChange.objects.get(secretary=zheng)
    assert (change.rule.code, change.kind, change.stars, change.status) == ("B1", "base", 3, StarChangeStatus.PROPOSED)
    assert change.reason == "2026年四个季度得分 92.0、88.0、91.0、91.0，平均 90.50，年度考核优秀，定 3 星"
    assert change.record.year == YEAR and change.proposed_by == district.users["district_admin"]
    assert (outcome.created, outcome.not_assessable) == (2, 1)  # 郑's base stars and 孙's reduced star
    event = AuditEvent.objects.get(action=EvaluationAuditAction.STAR_ASSESSMENT_PROPOSE)
    assert event.detail["created"] == 2 and change.pk in event.detail["changes"]


def test_a_secretary_short_of_a_quarter_is_not_assessable_and_the_quarter_is_named(district, secretaries, rule_set):
    _zheng, qian, _sun = secretaries
    annual_assessment_propose(scope=district.district, year=YEAR, by=district.users["district_admin"])
    assert not SecretaryStarChange.objects.filter(secretary=qian).exists()
    table = annual_assessment_table(scope=district.street, year=YEAR, rule_set=rule_set)
    (row,) = table.not_assessable
    assert (row.name, row.assessment.missing) == ("钱书记", (3,))
    (street,) = table.streets
    assert (street.secretaries, street.assessed, street.proposed, street.not_assessable) == (2, 1, 1, 1)


def test_below_qualified_gives_no_base_star_and_proposes_the_reduced_star(district, secretaries):
    _zheng, _qian, sun = secretaries
    annual_assessment_propose(scope=district.district, year=YEAR, by=district.users["district_admin"])
    (change,) = SecretaryStarChange.objects.filter(secretary=sun)
    assert (change.rule.code, change.kind, change.stars) == ("R01", "reduced", 1)
    assert change.reason == (
        "2026年四个季度得分 58.0、55.0、61.0、57.0，平均 57.75，年度考核基本合格，不给年度考核星，"
        "建议按“R01 年度考核较差”降 1 星"
    )


def test_a_rerun_adds_nothing_and_a_changed_quarter_updates_the_undecided_proposal(district, secretaries):
    zheng, _qian, _sun = secretaries
    admin = district.users["district_admin"]
    annual_assessment_propose(scope=district.district, year=YEAR, by=admin)
    again = annual_assessment_propose(scope=district.district, year=YEAR, by=admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert SecretaryStarChange.objects.count() == 2
    # The fourth quarter is recomputed lower: 郑 falls to 良好 and the still-proposed change follows.
    EvaluationResult.objects.filter(evaluation__secretary=zheng, evaluation__campaign__period_number=4).update(total=70)
    updated = annual_assessment_propose(scope=district.district, year=YEAR, by=admin)
    change = SecretaryStarChange.objects.get(secretary=zheng)
    assert (updated.created, updated.updated, change.stars) == (0, 1, 2)
    assert change.reason.endswith("平均 85.25，年度考核良好，定 2 星")


def test_a_decided_change_is_never_touched_and_is_reported(district, secretaries):
    zheng, _qian, _sun = secretaries
    admin = district.users["district_admin"]
    annual_assessment_propose(scope=district.district, year=YEAR, by=admin)
    change = SecretaryStarChange.objects.get(secretary=zheng)
    star_change_decide(change=change, approve=False, note="季度分数待核实", by=admin)
    outcome = annual_assessment_propose(scope=district.district, year=YEAR, by=admin)
    assert outcome.decided == ["郑书记: B1 已退回"]
    assert SecretaryStarChange.objects.filter(secretary=zheng).count() == 1
    assert SecretaryStarChange.objects.get(secretary=zheng).status == StarChangeStatus.REJECTED


def test_a_proposal_made_by_hand_is_left_as_it_is(district, secretaries, rule_set):
    zheng, _qian, _sun = secretaries
    street_staff = district.users["street_staff"]
    star_change_propose(
        secretary=zheng,
        year=YEAR,
        rule=rule(rule_set, "B1"),
        stars=1,
        effective_on=date(YEAR, 1, 1),
        reason="手工定星",
        uploads=[],
        by=street_staff,
    )
    outcome = annual_assessment_propose(scope=district.street, year=YEAR, by=street_staff)
    assert outcome.by_hand == ["郑书记: B1"]
    assert SecretaryStarChange.objects.get(secretary=zheng).reason == "手工定星"


def test_a_street_proposes_for_its_own_secretaries_only(district, secretaries):
    zheng, _qian, sun = secretaries
    street_staff = district.users["street_staff"]
    outcome = annual_assessment_propose(scope=district.street, year=YEAR, by=street_staff)
    assert outcome.created == 1 and SecretaryStarChange.objects.get().secretary == zheng
    # The district hears of it.
    assert Notification.objects.filter(user=district.users["district_admin"], text__contains="东城街道党工委").exists()
    with pytest.raises(PermissionDenied) as refused:
        annual_assessment_propose(scope=district.other_street, year=YEAR, by=street_staff)
    assert "只有区委组织部" in str(refused.value)
    assert not SecretaryStarChange.objects.filter(secretary=sun).exists()
    refusal = AuditEvent.objects.filter(outcome=AuditOutcome.REFUSED, actor=street_staff).latest("pk")
    assert refusal.object_id == str(district.other_street.pk)


def test_a_quarter_not_yet_approved_does_not_count(district, rule_set):
    li = SecretaryFactory(organization=district.community, name="李书记")
    quarterly_totals(district, li, YEAR, {1: 90, 2: 90, 3: 90})
    quarterly_totals(district, li, YEAR, {4: 99}, approved=False)
    table = annual_assessment_table(scope=district.street, year=YEAR, rule_set=rule_set)
    (row,) = table.rows
    assert (row.assessment.assessable, row.assessment.missing, row.pending) == (False, (4,), (4,))


def test_a_community_is_no_scope_for_the_annual_assessment(district, rule_set):
    with pytest.raises(ValidationError):
        annual_assessment_propose(scope=district.community, year=YEAR, by=None)


def test_a_proposal_the_assessment_no_longer_supports_is_withdrawn(district, secretaries):
    zheng, _qian, _sun = secretaries
    admin = district.users["district_admin"]
    annual_assessment_propose(scope=district.district, year=YEAR, by=admin)
    # The fourth quarter's rating is taken back (no longer approved): 郑 is no longer assessable.
    zheng.evaluations.filter(campaign__period_number=4).update(status="in_progress", approved_stars=None)
    outcome = annual_assessment_propose(scope=district.district, year=YEAR, by=admin)
    assert outcome.withdrawn == 1 and not SecretaryStarChange.objects.filter(secretary=zheng).exists()
