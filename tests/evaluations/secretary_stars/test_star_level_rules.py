"""The star level rule of Jinyuan (seed 001), pure: base stars, then added, reduced and removed stars year by year."""

from datetime import date

from evaluations.rules.secretary_stars import StarChangeValue, first_rating, level_in, year_levels


def change(year, kind, stars, effective_on=None, education=False):
    return StarChangeValue(year, kind, stars, effective_on or date(year, 12, 20), education)


def test_a_later_year_starts_from_the_level_the_year_before_ended_on():
    levels = year_levels([change(2023, "base", 2), change(2024, "added", 1), change(2025, "reduced", 1)], max_stars=10)
    assert [levels[year].level for year in (2023, 2024, 2025)] == [2, 3, 2]
    assert levels[2024].start == 2


def test_a_removal_counts_from_its_effective_date_only():
    changes = [change(2024, "base", 4, date(2024, 1, 1)), change(2024, "removed", 2, date(2024, 7, 1))]
    assert year_levels(changes, max_stars=10, as_of=date(2024, 6, 30))[2024].level == 4
    assert year_levels(changes, max_stars=10, as_of=date(2024, 7, 1))[2024].level == 2


def test_the_level_never_falls_below_zero_nor_rises_above_the_most_stars():
    assert year_levels([change(2024, "base", 1), change(2024, "reduced", 3)], max_stars=10)[2024].level == 0
    assert year_levels([change(2024, "base", 9), change(2024, "added", 3)], max_stars=10)[2024].level == 10


def test_education_upgrade_stars_are_counted_apart():
    levels = year_levels(
        [change(2024, "base", 3), change(2024, "added", 1, education=True), change(2024, "added", 1)], max_stars=10
    )
    assert levels[2024].education_upgrade == 1
    assert levels[2024].level == 5


def test_a_year_without_changes_carries_the_last_level():
    levels = year_levels([change(2022, "base", 3)], max_stars=10)
    assert level_in(levels, 2024) == 3
    assert level_in(levels, 2021) is None


def test_the_first_rating_of_the_term_is_its_first_base_stars():
    levels = year_levels(
        [change(2020, "base", 1), change(2021, "base", 2), change(2022, "added", 3), change(2023, "added", 2)],
        max_stars=10,
    )
    assert first_rating(levels, from_year=2021, to_year=2025) == (2021, 2)
    assert levels[2023].level - first_rating(levels, from_year=2021, to_year=2025)[1] == 5
