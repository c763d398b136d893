"""The departure subsidy increase (seed 001) is a monthly payment that runs on: the ledger of the year of leaving
counts the months after leaving, the ledger of every later year twelve months."""

from datetime import date
from decimal import Decimal

import pytest

from evaluations.models import RewardCircumstance, RewardEntry, RewardEntryKind, RewardEntryType, StarRuleKind
from evaluations.services.rewards import rewards_ledger_compute
from orgs.models import Secretary
from tests.factories import SecretaryFactory
from tests.support.rewards import star_change

pytestmark = pytest.mark.django_db


def departed_secretary(organization, *, gained: int, left_normally: bool = True):
    """A village secretary rated 1 star in 2023 (the first rating of the term), ``1 + gained`` in 2025, who left on
    2025-06-30."""
    secretary = SecretaryFactory(organization=organization, started_on=date(2023, 1, 1), ended_on=date(2025, 6, 30))
    star_change(secretary, 2023, StarRuleKind.BASE, 1)
    star_change(secretary, 2024, StarRuleKind.BASE, 1)
    star_change(secretary, 2025, StarRuleKind.BASE, 1)
    star_change(secretary, 2025, StarRuleKind.ADDED, gained)
    RewardCircumstance.objects.create(secretary=secretary, year=2025, left_normally=left_normally)
    return secretary


def departure_entries(secretary, year):
    return list(
        RewardEntry.objects.filter(secretary=secretary, year=year, kind=RewardEntryKind.DEPARTURE_SUBSIDY).order_by(
            "pk"
        )
    )


def compute(district, *years):
    for year in years:
        rewards_ledger_compute(year=year, scope=district.district, by=district.users["district_admin"])


def test_five_stars_gained_gives_six_months_in_the_year_of_leaving_and_twelve_in_each_later_year(district):
    secretary = departed_secretary(district.sibling_community, gained=5)
    compute(district, 2025, 2026, 2027)
    (leaving,) = departure_entries(secretary, 2025)
    assert leaving.amount == Decimal("300")
    assert "离任后 6 个月" in leaving.computation and leaving.effective_from == date(2025, 6, 30)
    for year in (2026, 2027):
        (entry,) = departure_entries(secretary, year)
        assert entry.amount == Decimal("600")
        assert entry.computation == (
            f"6星 − 1星（本届任期初评） = 5星 ≥ 5星：每月增加 50元 × {year}年 12 个月（2025-06-30 离任） = 600元"
        )
        # Only the departure subsidy: the pay, the pension subsidy and the star rewards ended with the tenure.
        assert list(RewardEntry.objects.filter(secretary=secretary, year=year).values_list("kind", flat=True)) == [
            RewardEntryKind.DEPARTURE_SUBSIDY
        ]


def test_four_stars_gained_gives_no_departure_subsidy_increase(district):
    secretary = departed_secretary(district.sibling_community, gained=4)
    compute(district, 2025, 2026)
    assert departure_entries(secretary, 2025) == departure_entries(secretary, 2026) == []


def test_computing_a_later_year_twice_adds_nothing(district):
    departed_secretary(district.sibling_community, gained=5)
    compute(district, 2026)
    assert rewards_ledger_compute(year=2026, scope=district.district, by=None).entries == 0


def test_a_departure_no_longer_counted_as_normal_brings_the_later_year_back_to_zero_with_an_adjusting_entry(district):
    secretary = departed_secretary(district.sibling_community, gained=5)
    compute(district, 2026)
    RewardCircumstance.objects.filter(secretary=secretary).update(left_normally=False)
    compute(district, 2026)
    entries = departure_entries(secretary, 2026)
    assert [entry.amount for entry in entries] == [Decimal("600"), Decimal("-600")]
    assert entries[1].entry_type == RewardEntryType.ADJUSTMENT


def test_a_person_in_office_again_gets_no_departure_subsidy_for_that_year(district):
    secretary = departed_secretary(district.sibling_community, gained=5)
    again = SecretaryFactory(organization=district.community, started_on=date(2026, 3, 1))
    Secretary.objects.filter(pk=again.pk).update(id_card_hash=secretary.id_card_hash)
    again.refresh_from_db()
    star_change(again, 2026, StarRuleKind.BASE, 3)
    compute(district, 2026, 2027)
    assert departure_entries(secretary, 2026) == []
    assert RewardEntry.objects.filter(secretary=again, year=2026).exists()
    assert departure_entries(secretary, 2027) == []  # still in office, though not rated that year
