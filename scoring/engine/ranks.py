"""Jinyuan's ranked score: a group's subjects ranked by their totals, the last share flagged behind."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal


@dataclass(frozen=True)
class Rank:
    rank: int
    group_size: int
    behind: bool


def ranked_score(totals: Mapping[str, Decimal], *, behind_share: Decimal) -> dict[str, Rank]:
    """Jinyuan quarterly scoring: rank high to low (ties share a rank); the last ``behind_share`` of the group
    (rounded up) is flagged for a reminder, but never the whole group: a lone secretary is behind nobody."""
    size = len(totals)
    flagged = min(int((Decimal(size) * behind_share).to_integral_value(ROUND_CEILING)), max(size - 1, 0))
    ordered = sorted(totals.values(), reverse=True)
    first_position = {}
    for position, total in enumerate(ordered, start=1):
        first_position.setdefault(total, position)
    return {
        key: Rank(first_position[total], size, first_position[total] > size - flagged) for key, total in totals.items()
    }
