"""The trend of an organization's monthly stars (pure rules, no database)."""

from evaluations.rules.fortress import next_month, star_trend


def test_the_bars_read_the_months_in_order_with_a_dot_for_a_month_not_rated():
    trend = star_trend([3, 4, None, 5, 1])
    assert trend.bars == "▃▄·▅▁"
    assert trend.change == -2
    assert trend.direction == "down"


def test_an_organization_gaining_stars_goes_up_by_the_difference_of_its_first_and_last_rated_months():
    trend = star_trend([None, 2, 3, 3, None, 4])
    assert (trend.first, trend.last, trend.change, trend.direction) == (2, 4, 2, "up")


def test_one_rated_month_has_no_direction_yet():
    assert star_trend([None, 4, None]).direction == ""
    assert star_trend([None] * 12).bars == "·" * 12


def test_the_same_stars_at_both_ends_is_flat():
    assert star_trend([4, 2, 4]).direction == "flat"


def test_december_is_followed_by_january_of_the_next_year():
    assert next_month(2026, 12) == (2027, 1)
    assert next_month(2026, 3) == (2026, 4)
