"""The one half-point rule that templates, the engine and the score forms share. Plain pytest, no database."""

from decimal import Decimal

import pytest

from scoring.definitions import is_half_step


@pytest.mark.parametrize("value", ["0", "1", "1.5", "0.5", "18.0", "-2.5", "100"])
def test_whole_and_half_points_are_half_steps(value):
    assert is_half_step(Decimal(value))


@pytest.mark.parametrize("value", ["0.25", "1.4", "17.75", "-0.1", "0.05"])
def test_finer_points_are_not_half_steps(value):
    assert not is_half_step(Decimal(value))
