"""The pioneer index (先锋指数) rules of a member template, as frozen dataclasses. Pure: no ORM, no settings.

Lengshuijiang (seed 004): members are rated on four indices (政治, 纪律, 品德, 奉献 — the template's dimensions
with points) and reverse deduction items (理想信念, 政治纪律, 组织纪律, 宗旨意识, 作用发挥 — the deduction
items of the template) after self-evaluation, democratic vote and branch review, into 优秀 / 合格 / 基本合格 /
不合格. The seed gives no numbers; every number here comes from the template, where its defaults are documented.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from scoring.grade_bands import GradeBand


class MemberGradeCode(StrEnum):
    """The four grades, best first (seed 004)."""

    EXCELLENT = "excellent"
    QUALIFIED = "qualified"
    BASICALLY_QUALIFIED = "basically_qualified"
    UNQUALIFIED = "unqualified"


# Best first: a cap lowers a grade to the cap when the cap comes later in this order.
GRADE_ORDER = tuple(MemberGradeCode)


def grade_rank(grade: str) -> int:
    """0 for the best grade; higher is worse."""
    return GRADE_ORDER.index(MemberGradeCode(grade))


@dataclass(frozen=True)
class VoteOption:
    """One choice on the democratic vote sheet and the points (0–100) it is worth in the vote score."""

    code: str
    label: str
    points: Decimal
    approves: bool  # counts toward the vote share (rated qualified or better)


@dataclass(frozen=True)
class GradeCap:
    """A deduction in the named area (a deduction item code) caps the grade at ``grade``."""

    area: str
    grade: str


@dataclass(frozen=True)
class PioneerRules:
    """How points become a grade: the vote's weight and options, the quorum, the bands, the caps and the branch's
    share of excellent members."""

    vote_options: tuple[VoteOption, ...]
    vote_weight: Decimal
    quorum_share: str  # a share of the branch's members, such as "2/3"
    bands: tuple[GradeBand, ...]
    caps: tuple[GradeCap, ...] = ()
    excellent_share: Decimal | None = None
    review_tolerance: Decimal = Decimal(10)
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def vote_option(self, code: str) -> VoteOption | None:
        return next((option for option in self.vote_options if option.code == code), None)
