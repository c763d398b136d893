"""The annual assessment from the quarterly scoring (Jinyuan, seed 001), pure: the mean of the four quarters on 100,
the grade at its thresholds, the base stars and the reduced star it suggests, the quarters missing."""

from decimal import Decimal

import pytest

from evaluations.rules.annual_assessment import (
    BASICALLY_QUALIFIED,
    EXCELLENT,
    GOOD,
    QUALIFIED,
    UNQUALIFIED,
    AnnualAssessmentRule,
    QuarterTotal,
    annual_assessment,
    score_text,
)

RULE = AnnualAssessmentRule()


def assess(*totals, points_max="100", rule=RULE):
    quarters = {
        number: QuarterTotal(number, Decimal(str(total)), Decimal(points_max))
        for number, total in enumerate(totals, start=1)
        if total is not None
    }
    return annual_assessment(year=2026, quarters=quarters, rule=rule)


def test_the_worked_example_is_excellent_with_three_base_stars():
    result = assess(92, 88, 91, 91)
    assert (result.mean, result.grade, result.base_stars, result.reduced_stars) == (Decimal("90.50"), EXCELLENT, 3, 0)


def test_exactly_ninety_is_excellent_and_just_below_is_good():
    assert assess(90, 90, 90, 90).grade == EXCELLENT
    below = assess("89.99", "89.99", "89.99", "89.99")
    assert (below.mean, below.grade, below.base_stars) == (Decimal("89.99"), GOOD, 2)


def test_the_grade_is_judged_on_the_mean_as_shown_rounded_to_two_decimals():
    # 89.9975 shows as 90.00: the grade follows what the page and the reason show.
    assert assess(90, 90, 90, "89.99").mean == Decimal("90.00")
    assert assess(90, 90, 90, "89.99").grade == EXCELLENT
    assert assess(90, 90, "89.99", "89.98").mean == Decimal("89.99")


def test_each_band_gives_its_stars_and_below_qualified_suggests_a_reduced_star():
    cases = {80: (GOOD, 2, 0), "79.99": (QUALIFIED, 1, 0), 60: (QUALIFIED, 1, 0), "59.99": (BASICALLY_QUALIFIED, 0, 1)}
    for score, expected in cases.items():
        result = assess(score, score, score, score)
        assert (result.grade, result.base_stars, result.reduced_stars) == expected
    worst = assess(40, 45, 49, 50)
    assert (worst.mean, worst.grade, worst.base_stars, worst.reduced_stars) == (Decimal("46.00"), UNQUALIFIED, 0, 1)
    assert worst.poor


def test_a_missing_quarter_makes_the_year_not_assessable_and_is_named():
    result = assess(92, None, 91, 91)
    assert not result.assessable
    assert (result.missing, result.grade, result.base_stars, result.reduced_stars) == ((2,), "", 0, 0)
    assert [quarter for quarter, _score in result.scores] == [1, 3, 4]


def test_a_rule_asking_for_three_quarters_averages_the_ones_there_are():
    result = assess(92, None, 91, 90, rule=AnnualAssessmentRule(quarters_required=3))
    assert (result.mean, result.missing, result.grade) == (Decimal("91.00"), (2,), EXCELLENT)


def test_totals_are_brought_to_a_hundred_when_the_full_marks_differ():
    # A template of 120 points: 108 of 120 is 90 on 100.
    result = assess(108, 108, 108, 108, points_max="120")
    assert (result.mean, result.grade) == (Decimal("90.00"), EXCELLENT)
    thirds = assess(110, 110, 110, 110, points_max="120")
    assert thirds.scores[0] == (1, Decimal("91.67"))


def test_the_rule_refuses_thresholds_out_of_order_and_impossible_quarter_counts():
    with pytest.raises(ValueError):
        AnnualAssessmentRule(excellent_from=Decimal(80), good_from=Decimal(80))
    with pytest.raises(ValueError):
        AnnualAssessmentRule(quarters_required=5)
    with pytest.raises(ValueError):
        annual_assessment(year=2026, quarters={5: QuarterTotal(5, Decimal(90), Decimal(100))}, rule=RULE)


def test_scores_are_written_with_one_or_two_decimals():
    assert [score_text(Decimal(value)) for value in ("92.5", "88", "91.666", "90.50")] == [
        "92.5",
        "88.0",
        "91.67",
        "90.5",
    ]
