"""Indicator templates (指标体系) as frozen dataclasses: what is scored, how it lights stars or gives a grade.

Pure: no ORM, no settings. Points are Decimals in whole or half points. A template is a tree of dimensions
(维度) → items (大项) → sub-items (小项); an item without sub-items is scored directly (a leaf itself), as are the
items of a personalised dimension, whose sub-items each street sets per community (Yucheng "+1", seed 000).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from scoring.grade_bands import GradeBand
from scoring.pioneer import PioneerRules

ZERO = Decimal(0)
HALF_POINT = Decimal("0.5")


def is_half_step(value: Decimal) -> bool:
    """Points come in whole or half points: the seeds name no finer step, so this is the documented default (the
    Yucheng example template awards 1.5 or 0.5 points); templates, the engine and every form check this one rule."""
    return not value % HALF_POINT


class Kind(StrEnum):
    """How a leaf is scored: within [min, points]; a deduction within [min, 0]; a bonus on top; yes/no all or none."""

    POINTS = "points"
    DEDUCTION = "deduction"
    BONUS = "bonus"
    YES_NO = "yes_no"


class TreeLevel(StrEnum):
    """Where a stored row sits in a template's tree: 体系/维度, 大项, 小项, or a veto item (否定项)."""

    DIMENSION = "dimension"
    ITEM = "item"
    SUB_ITEM = "sub_item"
    VETO = "veto"


class SchemeName(StrEnum):
    DIMENSION_STARS = "dimension_stars"  # Yucheng 4+1: one star per dimension at the threshold
    SCORE_BANDS = "score_bands"  # Lengshuijiang fortress index: total → 1–5 stars by bands
    WEIGHTED_GRADE = "weighted_grade"  # Yantian: 60% indicators + 40% evaluation → 好/较好/一般/差
    RANKED_SCORE = "ranked_score"  # Jinyuan quarterly: total, ranked within a group
    PIONEER_GRADE = "pioneer_grade"  # Lengshuijiang pioneer index: indices, vote and deductions → a member's grade


class Subject(StrEnum):
    """Who is rated: an organization (most schemes), its secretary (Jinyuan, seed 001) or a member (pioneer index,
    Lengshuijiang, seed 004)."""

    ORGANIZATION = "organization"
    SECRETARY = "secretary"
    MEMBER = "member"


@dataclass(frozen=True)
class SubItem:
    code: str
    name: str
    points_max: Decimal
    points_min: Decimal = ZERO
    kind: Kind = Kind.POINTS
    standard: str = ""

    @property
    def counts_toward_max(self) -> bool:
        """Bonus points come on top and deductions take away: neither is part of the parent's maximum."""
        return self.kind in (Kind.POINTS, Kind.YES_NO)


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    points_max: Decimal
    sub_items: tuple[SubItem, ...] = ()
    points_min: Decimal = ZERO
    kind: Kind = Kind.POINTS
    standard: str = ""

    @property
    def is_leaf(self) -> bool:
        return not self.sub_items

    counts_toward_max = SubItem.counts_toward_max


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    points_max: Decimal
    items: tuple[Item, ...]
    personalised: bool = False

    def leaves(self) -> Iterator[SubItem | Item]:
        for item in self.items:
            if item.is_leaf:
                yield item
            else:
                yield from item.sub_items


@dataclass(frozen=True)
class VetoItem:
    """A 否定项: when hit, the dimension it sits in lights no star; without a dimension it applies to the template."""

    code: str
    name: str
    dimension: str | None = None
    sub_item: str | None = None
    standard: str = ""


@dataclass(frozen=True)
class StarBand:
    stars: int
    lower: Decimal
    upper: Decimal


@dataclass(frozen=True)
class Scheme:
    """The star scheme and its parameters; only the fields of the named scheme are set."""

    name: SchemeName
    threshold: Decimal | None = None  # dimension_stars
    star_bands: tuple[StarBand, ...] = ()  # score_bands
    veto_cap: int | None = None  # score_bands
    indicator_weight: Decimal | None = None  # weighted_grade
    evaluation_weight: Decimal | None = None  # weighted_grade
    grade_bands: tuple[GradeBand, ...] = ()  # weighted_grade, highest first
    veto_grade: str | None = None  # weighted_grade
    behind_share: Decimal | None = None  # ranked_score


@dataclass(frozen=True)
class SatisfactionOption:
    code: str
    label: str
    points: Decimal
    fair_or_above: bool


@dataclass(frozen=True)
class RaterGroup:
    code: str
    name: str
    weight: Decimal


@dataclass(frozen=True)
class Satisfaction:
    """满意度测评: options with points (0–100), rater groups with weights, and the five-star gate (Yucheng: 70%)."""

    options: tuple[SatisfactionOption, ...]
    rater_groups: tuple[RaterGroup, ...] = ()
    gate_share: Decimal | None = None
    gate_stars: int | None = None

    def option(self, code: str) -> SatisfactionOption | None:
        return next((option for option in self.options if option.code == code), None)


@dataclass(frozen=True)
class AppliesTo:
    domains: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    code: str
    name: str
    version: int
    scheme: Scheme
    dimensions: tuple[Dimension, ...]
    year: int | None = None
    example: bool = False
    subject: Subject = Subject.ORGANIZATION
    description: str = ""
    applies_to: AppliesTo = AppliesTo()
    satisfaction: Satisfaction | None = None
    vetoes: tuple[VetoItem, ...] = ()
    pioneer: PioneerRules | None = None  # the pioneer_grade scheme's rules (seed 004)

    @property
    def points_max(self) -> Decimal:
        return sum((dimension.points_max for dimension in self.dimensions), ZERO)

    def dimension(self, code: str) -> Dimension | None:
        return next((dimension for dimension in self.dimensions if dimension.code == code), None)

    def leaves(self) -> Iterator[tuple[Dimension, SubItem | Item]]:
        for dimension in self.dimensions:
            for leaf in dimension.leaves():
                yield dimension, leaf
