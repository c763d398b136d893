"""Proposing, approving, removing and undoing a secretary's stars (Jinyuan, seed 001), as the year's level shows."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations.models import Notification, SecretaryStarChange, StarChangeStatus
from evaluations.selectors.secretary_stars import secretary_star_levels
from evaluations.services.secretary_stars.changes import (
    star_change_decide,
    star_change_propose,
    star_change_undo,
    star_remove,
)
from orgs.models import AuditEvent
from tests.factories import SecretaryFactory
from tests.support.secretary_stars import approved, evidence, rule, secretary_with_account

pytestmark = pytest.mark.django_db


def level_of(secretary, year, as_of=None):
    levels = {level.secretary_id: level for level in secretary_star_levels(year=year, as_of=as_of)}
    return levels[secretary.pk]


def test_a_secretary_going_from_two_to_three_stars_gained_one_star_over_last_year(district, rule_set):
    secretary = SecretaryFactory(organization=district.sibling_community, one_shoulder=True)
    approved(district, secretary, rule_set, "B1", 2, 2024)
    approved(district, secretary, rule_set, "A1", 1, 2025)
    level = level_of(secretary, 2025)
    assert (level.last_year_level, level.level, level.gained_over_last_year) == (2, 3, 1)
    assert level.first_rating_level == 2
    assert [line.rule_name for line in level.changes] == ["增收致富星"]


def test_a_proposal_counts_only_once_the_district_approves_it(district, rule_set):
    secretary = SecretaryFactory(organization=district.community)
    approved(district, secretary, rule_set, "B1", 3, 2025)
    change = star_change_propose(
        secretary=secretary,
        year=2025,
        rule=rule(rule_set, "A3"),
        stars=1,
        effective_on=date(2025, 9, 1),
        reason="取得本科学历",
        uploads=[evidence("毕业证.pdf")],
        by=district.users["street_staff"],
    )
    assert level_of(secretary, 2025).level == 3
    star_change_decide(change=change, approve=True, note="", by=district.users["district_admin"])
    level = level_of(secretary, 2025)
    assert (level.level, level.education_upgrade_stars) == (4, 1)
    assert change.evidence.get().original_name == "毕业证.pdf"


def test_an_added_star_without_evidence_is_refused_and_nothing_is_written(district, rule_set):
    secretary = SecretaryFactory(organization=district.community)
    with pytest.raises(ValidationError, match="A2 突出贡献星"):
        star_change_propose(
            secretary=secretary,
            year=2025,
            rule=rule(rule_set, "A2"),
            stars=1,
            effective_on=date(2025, 5, 1),
            reason="防汛",
            uploads=[],
            by=district.users["street_staff"],
        )
    assert not SecretaryStarChange.objects.exists()


def test_a_rule_gives_no_more_stars_than_the_rule_set_says(district, rule_set):
    secretary = SecretaryFactory(organization=district.community)
    with pytest.raises(ValidationError, match=r"A1 增收致富星"):
        star_change_propose(
            secretary=secretary,
            year=2025,
            rule=rule(rule_set, "A1"),
            stars=2,
            effective_on=date(2025, 5, 1),
            reason="增收",
            uploads=[evidence()],
            by=district.users["street_staff"],
        )


def test_street_staff_of_another_street_cannot_propose(district, rule_set):
    secretary = SecretaryFactory(organization=district.community)
    with pytest.raises(PermissionDenied):
        star_change_propose(
            secretary=secretary,
            year=2025,
            rule=rule(rule_set, "A1"),
            stars=1,
            effective_on=date(2025, 5, 1),
            reason="增收",
            uploads=[evidence()],
            by=district.users["outsider"],
        )


def test_the_street_cannot_approve_its_own_proposal(district, rule_set):
    secretary = SecretaryFactory(organization=district.community)
    change = star_change_propose(
        secretary=secretary,
        year=2025,
        rule=rule(rule_set, "B1"),
        stars=3,
        effective_on=date(2025, 12, 1),
        reason="考核优秀",
        uploads=[],
        by=district.users["street_staff"],
    )
    with pytest.raises(PermissionDenied):
        star_change_decide(change=change, approve=True, note="", by=district.users["street_staff"])
    change.refresh_from_db()
    assert change.status == StarChangeStatus.PROPOSED


def test_a_removal_mid_year_changes_the_level_from_its_date_and_tells_the_secretary_and_street(district, rule_set):
    secretary, account = secretary_with_account(district.community)
    approved(district, secretary, rule_set, "B1", 3, 2025, on=date(2025, 1, 1))
    star_remove(
        secretary=secretary,
        stars=2,
        effective_on=date(2025, 7, 1),
        reason="发生重大安全事故",
        uploads=[evidence("调查报告.pdf")],
        by=district.users["district_admin"],
        rule_set=rule_set,
    )
    assert level_of(secretary, 2025, as_of=date(2025, 6, 30)).level == 3
    assert level_of(secretary, 2025, as_of=date(2025, 7, 1)).level == 1
    notified = set(
        Notification.objects.filter(text__contains="发生重大安全事故").values_list("user__username", flat=True)
    )
    assert {account.username, "street_staff", "org_admin"} <= notified
    assert AuditEvent.objects.filter(action="star_remove").count() == 1


def test_undoing_a_removal_needs_a_reason_restores_the_level_and_is_told(district, rule_set):
    secretary, account = secretary_with_account(district.community)
    approved(district, secretary, rule_set, "B1", 3, 2025, on=date(2025, 1, 1))
    removal = star_remove(
        secretary=secretary,
        stars=1,
        effective_on=date(2025, 7, 1),
        reason="舆情",
        uploads=[evidence()],
        by=district.users["district_admin"],
        rule_set=rule_set,
    )
    with pytest.raises(ValidationError):
        star_change_undo(change=removal, reason=" ", by=district.users["district_admin"])
    star_change_undo(change=removal, reason="经复核舆情不实", by=district.users["district_admin"])
    assert level_of(secretary, 2025).level == 3
    removal.refresh_from_db()
    assert removal.status == StarChangeStatus.UNDONE
    assert Notification.objects.filter(user=account, text__contains="经复核舆情不实").exists()


def test_the_record_follows_the_person_to_another_organization(district, rule_set):
    first = SecretaryFactory(organization=district.community, id_card="110105197201010011", started_on=date(2020, 1, 1))
    approved(district, first, rule_set, "B1", 2, 2024)
    later = SecretaryFactory(
        organization=district.sibling_community, id_card="110105197201010011", started_on=date(2025, 3, 1)
    )
    approved(district, later, rule_set, "A2", 1, 2025)
    level = level_of(later, 2025)
    assert (level.last_year_level, level.level, level.organization_name) == (2, 3, "东城村党总支")
