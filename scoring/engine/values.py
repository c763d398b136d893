"""The plain values the engine takes and returns: a subject's inputs, and the result with its explanation."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from scoring.definitions import GradeBand, SchemeName, StarBand

MAX_STARS = 5
HUNDRED = Decimal(100)
SHARE_PLACES = Decimal("0.000001")
SCORE_PLACES = Decimal("0.01")


class InputError(ValueError):
    """Inputs that do not fit the template: an unknown code, points out of range, a negative count."""


@dataclass(frozen=True)
class Inputs:
    """What was gathered for one subject: points per leaf code, the veto codes hit, the satisfaction votes."""

    scores: Mapping[str, Decimal | int | str] = field(default_factory=dict)
    vetoes_hit: frozenset[str] = frozenset()
    votes: Mapping[str, int] = field(default_factory=dict)  # option code → ballots (no rater groups)
    group_votes: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # rater group → option → ballots
    evaluation_score: Decimal | None = None  # an evaluation score (0–100) recorded directly instead of votes


@dataclass(frozen=True)
class DimensionScore:
    code: str
    name: str
    points: Decimal
    points_max: Decimal
    capped: bool = False  # the leaves added up to less than 0 or more than the maximum


@dataclass(frozen=True)
class VetoHit:
    code: str
    name: str
    dimension: str | None = None  # None: the veto applies to the whole template


@dataclass(frozen=True)
class DimensionResult:
    code: str
    name: str
    points: Decimal
    points_max: Decimal
    threshold: Decimal | None = None
    lit: bool | None = None
    why_not: str | None = None  # "below_threshold", "veto" or "template_veto"
    vetoes_hit: tuple[str, ...] = ()
    capped: bool = False


@dataclass(frozen=True)
class OptionCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class GroupSatisfaction:
    code: str
    name: str
    weight: Decimal
    total: int
    fair_or_above_share: Decimal | None
    score: Decimal | None


@dataclass(frozen=True)
class SatisfactionResult:
    total: int
    counts: tuple[OptionCount, ...]
    fair_or_above: int
    fair_or_above_share: Decimal | None  # None when nobody voted
    score: Decimal | None  # 0–100
    groups: tuple[GroupSatisfaction, ...] = ()


@dataclass(frozen=True)
class GateResult:
    """Yucheng: below the fair-or-above share, the gated star level (five) cannot be reached."""

    required_share: Decimal
    gated_stars: int
    share: Decimal | None
    passed: bool
    stars_before: int
    stars_after: int


@dataclass(frozen=True)
class Result:
    scheme: SchemeName
    total: Decimal
    points_max: Decimal
    dimensions: tuple[DimensionResult, ...] = ()
    vetoes_hit: tuple[VetoHit, ...] = ()
    stars: int | None = None
    lit: int | None = None  # dimension_stars: dimensions lit, before the gate
    band: StarBand | GradeBand | None = None
    veto_cap: int | None = None  # score_bands: the cap applied because a veto was hit
    gate: GateResult | None = None
    satisfaction: SatisfactionResult | None = None
    grade: str | None = None
    indicator_score: Decimal | None = None
    evaluation_score: Decimal | None = None
    weighted_score: Decimal | None = None
    indicator_weight: Decimal | None = None
    evaluation_weight: Decimal | None = None
    rank: int | None = None
    group_size: int | None = None
    behind: bool = False
