"""The rewards ledger computed from the star levels: worked examples of seed 001, append-only, idempotent."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from evaluations.models import RewardEntry, RewardEntryKind, RewardEntryType, StarRuleKind
from evaluations.services.rewards import reward_correction_add, rewards_ledger_compute
from tests.support.rewards import rated_secretary, star_change

pytestmark = pytest.mark.django_db


def ledger(secretary, year=2026):
    return list(RewardEntry.objects.filter(secretary=secretary, year=year).order_by("pk"))


def total(secretary, kind, year=2026):
    return sum(entry.amount for entry in ledger(secretary, year) if entry.kind == kind)


def test_two_to_three_stars_puts_a_thousand_yuan_and_the_three_star_pension_subsidy_in_the_ledger(district):
    secretary = rated_secretary(district.sibling_community, last_year=2, this_year=3)
    computed = rewards_ledger_compute(year=2026, scope=district.district, by=district.users["district_admin"])
    assert computed.secretaries == 1
    assert total(secretary, RewardEntryKind.STAR_GAIN) == Decimal("1000")
    assert total(secretary, RewardEntryKind.PENSION_SUBSIDY) == Decimal("300")
    gain = next(entry for entry in ledger(secretary) if entry.kind == RewardEntryKind.STAR_GAIN)
    assert gain.computation == "3星 − 2星（上年度） = 1星 × 1,000元 = 1,000元"


def test_computing_twice_adds_nothing(district):
    rated_secretary(district.sibling_community, last_year=2, this_year=3)
    rewards_ledger_compute(year=2026, scope=district.district, by=None)
    before = RewardEntry.objects.count()
    assert rewards_ledger_compute(year=2026, scope=district.district, by=None).entries == 0
    assert RewardEntry.objects.count() == before


def test_a_star_removed_mid_year_adds_adjusting_entries_from_that_date_with_the_reason(district):
    secretary = rated_secretary(district.sibling_community, last_year=2, this_year=3, one_shoulder=True)
    rewards_ledger_compute(year=2026, scope=district.district, by=None)
    paid_before = total(secretary, RewardEntryKind.PERFORMANCE_PAY)
    star_change(secretary, 2026, StarRuleKind.REMOVED, 1, on=date(2026, 7, 1), reason="违规决策造成较大影响")
    computed = rewards_ledger_compute(year=2026, scope=district.district, by=None)
    adjusting = [entry for entry in ledger(secretary) if entry.entry_type == RewardEntryType.ADJUSTMENT]
    assert computed.adjustments == len(adjusting) > 0
    assert {entry.kind for entry in adjusting} >= {
        RewardEntryKind.PERFORMANCE_PAY,
        RewardEntryKind.STAR_GAIN,
        RewardEntryKind.PENSION_SUBSIDY,
    }
    assert all("违规决策造成较大影响" in entry.reason and "2026-07-01" in entry.reason for entry in adjusting)
    assert RewardEntryKind.BASE_PAY not in {entry.kind for entry in adjusting}  # the base does not follow the stars
    assert total(secretary, RewardEntryKind.STAR_GAIN) == 0
    # 181 days at 3 stars (13,154.40 a year), 184 days at 2 stars (10,795.20 a year).
    assert paid_before == Decimal("13154.40")
    assert total(secretary, RewardEntryKind.PERFORMANCE_PAY) == Decimal("6523.14") + Decimal("5441.96")
    assert total(secretary, RewardEntryKind.PENSION_SUBSIDY) == Decimal("249.59")
    assert ledger(secretary)[0].amount  # the first figures stand as they were: the ledger only grew


def test_the_database_refuses_to_change_or_delete_a_ledger_entry(district):
    secretary = rated_secretary(district.sibling_community, last_year=2, this_year=3)
    rewards_ledger_compute(year=2026, scope=district.district, by=None)
    entry = ledger(secretary)[0]
    for statement in (
        "UPDATE evaluations_rewardentry SET amount = 0 WHERE id = %s",
        "DELETE FROM evaluations_rewardentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        RewardEntry.objects.filter(pk=entry.pk).delete()


def test_a_correction_by_hand_needs_a_reason_and_computing_leaves_it_standing(district):
    secretary = rated_secretary(district.sibling_community, last_year=2, this_year=3)
    admin = district.users["district_admin"]
    rewards_ledger_compute(year=2026, scope=district.district, by=admin)
    with pytest.raises(ValidationError):
        reward_correction_add(
            secretary=secretary,
            year=2026,
            kind=RewardEntryKind.PENSION_SUBSIDY,
            amount=Decimal(50),
            reason=" ",
            by=admin,
        )
    reward_correction_add(
        secretary=secretary,
        year=2026,
        kind=RewardEntryKind.PENSION_SUBSIDY,
        amount=Decimal(-50),
        reason="财政已按旧标准发放",
        by=admin,
    )
    assert rewards_ledger_compute(year=2026, scope=district.district, by=admin).entries == 0
    assert total(secretary, RewardEntryKind.PENSION_SUBSIDY) == Decimal("250")


def test_street_staff_cannot_compute_the_district_ledgers(district):
    rated_secretary(district.sibling_community, last_year=2, this_year=3)
    with pytest.raises(PermissionDenied):
        rewards_ledger_compute(year=2026, scope=district.street, by=district.users["street_staff"])
    assert not RewardEntry.objects.exists()


def test_a_star_change_approved_by_the_district_brings_the_ledger_up_to_date(
    district, django_capture_on_commit_callbacks
):
    secretary = rated_secretary(district.sibling_community, last_year=2, this_year=2)
    with django_capture_on_commit_callbacks(execute=True):
        star_change(secretary, 2026, StarRuleKind.ADDED, 1, reason="增收致富")
    assert total(secretary, RewardEntryKind.STAR_GAIN) == Decimal("1000")
    with django_capture_on_commit_callbacks(execute=True):
        star_change(secretary, 2026, StarRuleKind.REMOVED, 1, on=date(2026, 9, 1), reason="造成较大影响")
    assert total(secretary, RewardEntryKind.STAR_GAIN) == 0
    assert RewardEntry.objects.filter(secretary=secretary, entry_type=RewardEntryType.ADJUSTMENT).exists()
