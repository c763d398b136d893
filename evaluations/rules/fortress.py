"""The fortress index month by month (Lengshuijiang, seed 004): pure rules for an organization's star trend."""

from dataclasses import dataclass

# One bar per month, low to high: 1 star is the lowest bar, 5 the highest (the fortress index gives 1 to 5 stars;
# 0, which a veto-capped template never gives, shares the lowest bar).
BARS = "▁▂▃▄▅"
NO_RATING = "·"


@dataclass(frozen=True)
class StarTrend:
    """An organization's stars over the months: a one-line bar chart and the change from its first rated month to
    its last (positive: it gained stars)."""

    bars: str
    change: int | None
    first: int | None
    last: int | None

    @property
    def direction(self) -> str:
        """up, down, flat, or empty when fewer than two months are rated."""
        if self.change is None:
            return ""
        return "up" if self.change > 0 else "down" if self.change < 0 else "flat"


def star_trend(stars: list[int | None]) -> StarTrend:
    """Seed 004: the superior organization rates the fortress index every month with 1 to 5 stars; the trend reads
    the months in order, a month without a rating is a dot, the change compares the first and last rated months."""
    bars = "".join(NO_RATING if value is None else BARS[max(0, min(value, 5) - 1)] for value in stars)
    rated = [value for value in stars if value is not None]
    if len(rated) < 2:
        return StarTrend(bars=bars, change=None, first=rated[0] if rated else None, last=rated[-1] if rated else None)
    return StarTrend(bars=bars, change=rated[-1] - rated[0], first=rated[0], last=rated[-1])


def next_month(year: int, month: int) -> tuple[int, int]:
    """The month after (December is followed by January of the next year)."""
    return (year + 1, 1) if month == 12 else (year, month + 1)
