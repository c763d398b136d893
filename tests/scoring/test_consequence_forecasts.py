"""Forecasts on worked histories, pure: what the next result would trigger under the shipped rule sets (seed 000's
"3+2" above all), computed by the same rules on a hypothetical next result."""

from scoring.engine.consequences import Period, ResultValue, Term
from scoring.engine.forecasts import forecast, next_period, period_after
from tests.scoring.test_consequence_rules import PIONEER, TERM_2021, YANTIAN, YUCHENG, years

THIS_YEAR = Period("year", 2026)


def by_value(forecasts) -> dict[str, set[tuple]]:
    """value: {(rule, action, target, person)} of what it would bring."""
    return {
        each.value: {
            (found.firing.rule_code, found.firing.action.value, found.firing.target.value, found.firing.person)
            for found in each.firings
        }
        for each in forecasts
    }


def yucheng(results, *, terms=(TERM_2021,), leader="zhang"):
    return forecast(YUCHENG, results, terms=terms, fallback=THIS_YEAR, leader=leader, leader_name=leader.title())


def test_seed_example_after_three_then_four_stars_a_next_three_makes_the_organization_award_ineligible():
    forecasts = yucheng(years((2022, 3), (2023, 4)))
    assert forecasts[0].period == Period("year", 2024)
    brought = by_value(forecasts)
    assert {
        ("Y2", "award_ineligible_term", "organization", ""),
        ("Y2", "award_ineligible_term", "leader", "zhang"),
    } == brought["3"]
    three = next(each for each in forecasts if each.value == "3")
    assert [result.period.year for result in three.firings[0].counted] == [2022]
    assert three.term == TERM_2021 and not three.new_term


def test_a_rule_already_fired_in_the_term_is_no_forecast():
    """4 stars already made the organization a commendation candidate in this term: another 4 brings nothing new."""
    brought = by_value(yucheng(years((2022, 3), (2023, 4))))
    assert "4" not in brought and "5" not in brought


def test_seed_example_after_one_one_star_year_a_next_one_star_means_organizational_handling_of_the_leader():
    brought = by_value(yucheng(years((2023, 1))))
    assert ("Y8", "organizational_handling", "leader", "zhang") in brought["1"]
    # 0 stars is counted with the 1-star group.
    assert brought["0"] == brought["1"]
    # Twice in the term as well.
    assert ("Y7", "not_nominated", "leader", "zhang") in brought["1"]


def test_a_new_secretary_does_not_answer_for_the_predecessors_result():
    brought = by_value(yucheng(years((2023, 1), leader="wang"), leader="zhang"))
    assert not any(row[2] == "leader" for row in brought["1"])
    assert ("Y7", "term_review_not_excellent", "organization", "") in brought["1"]


def test_a_term_ending_this_year_leaves_nothing_of_the_old_term_to_count():
    """The term 2021–2025 is over after the 2025 result: the next result opens a new term and counts alone."""
    forecasts = yucheng(years((2024, 3), (2025, 3)))
    assert forecasts[0].period == Period("year", 2026)
    assert forecasts[0].new_term and forecasts[0].term == Term(2026, 2030)
    brought = by_value(forecasts)
    assert "Y2" not in {row[0] for row in brought.get("3", set())}
    assert "Y3" not in {row[0] for row in brought.get("3", set())}
    # A 4 or 5 makes it a commendation candidate of the new term; a 2 is still this year's ineligibility.
    assert ("Y1", "commendation_candidate", "organization", "") in brought["4"]
    assert ("Y4", "award_ineligible_year", "organization", "") in brought["2"]


def test_consecutive_runs_across_a_new_term():
    brought = by_value(yucheng(years((2025, 1))))
    assert ("Y8", "organizational_handling", "leader", "zhang") in brought["1"]
    assert "Y7" not in {row[0] for row in brought["1"]}  # the 2025 result is of the old term


def test_without_results_the_next_period_is_the_fallback():
    forecasts = yucheng([])
    assert {each.period for each in forecasts} == {THIS_YEAR}
    assert by_value(forecasts)["2"] == {
        ("Y4", "award_ineligible_year", "organization", ""),
        ("Y4", "award_ineligible_year", "leader", "zhang"),
    }


def test_grades_are_tried_as_grades():
    results = [ResultValue(1, Period("year", 2025), grade="好")]
    brought = by_value(forecast(YANTIAN, results, fallback=THIS_YEAR, order=("好", "较好", "一般", "差")))
    assert list(brought) == ["好", "较好", "一般", "差"]
    assert ("T1", "weak_and_lax", "organization", "") in brought["差"]
    assert ("T5", "funding_up", "organization", "") in brought["好"]


def test_a_members_next_grade():
    brought = by_value(forecast(PIONEER, [], fallback=THIS_YEAR, subject_person="member-key"))
    assert brought["unqualified"] == {("P3", "pioneer_follow_up", "member", "member-key")}


def test_periods_follow_one_another_across_years():
    assert period_after(Period("month", 2025, 12)) == Period("month", 2026, 1)
    assert period_after(Period("quarter", 2025, 3)) == Period("quarter", 2025, 4)
    assert next_period([ResultValue(1, Period("month", 2026, 2), stars=3)], Period("month", 2026, 1)) == Period(
        "month", 2026, 3
    )
