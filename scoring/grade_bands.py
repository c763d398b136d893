"""A grade band of a template: the points from ``lower`` to ``upper`` give ``grade``. Pure: its own module, so that
the template definitions and the pioneer index rules both use it without importing each other."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class GradeBand:
    grade: str
    lower: Decimal
    upper: Decimal
