"""The scoring engine: plain values in, plain values out; no ORM, no settings, no clock.

Every scheme function returns a ``Result`` that carries its own explanation as data (points per dimension,
the threshold, lit or why not, the vetoes hit, the gate and its share), so whatever shows a number can say
why. ``compute`` is the single entry for one subject; ``compute_group`` ranks a group (Jinyuan).
Points are Decimals; shares are floored to six places so that comparing them with a gate is exact.
"""

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeVar

from scoring.definitions import (
    ZERO,
    GradeBand,
    Item,
    Kind,
    RaterGroup,
    SatisfactionOption,
    SchemeName,
    StarBand,
    SubItem,
    Template,
    VetoItem,
    is_half_step,
)

MAX_STARS = 5
HUNDRED = Decimal(100)
SHARE_PLACES = Decimal("0.000001")
SCORE_PLACES = Decimal("0.01")

SubjectKey = TypeVar("SubjectKey")


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


def points(value: Decimal | int | str | float) -> Decimal:
    """A points value as a Decimal; floats go through their shortest text so 0.5 stays 0.5."""
    if isinstance(value, bool):
        raise InputError(f"not a number: {value!r}")
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def _leaf_range(leaf: SubItem | Item) -> tuple[Decimal, Decimal]:
    if leaf.kind == Kind.DEDUCTION:
        return leaf.points_min, ZERO
    return leaf.points_min, leaf.points_max


@dataclass(frozen=True)
class _LeafRule:
    """What checking and adding up one leaf's points needs, looked up once per template."""

    low: Decimal
    high: Decimal
    yes_no: bool
    points_max: Decimal
    dimensions: tuple[int, ...]  # the positions of the dimensions that hold the leaf


@dataclass(frozen=True)
class _Plan:
    leaves: dict[str, _LeafRule]
    vetoes: dict[str, VetoItem]
    # (leaf code, points as text) found valid → the leaf's dimensions and the points as a Decimal: a campaign
    # repeats the same few values thousands of times, as text read from the database. Only text is kept, so
    # "18" and "18.0" stay apart (as Decimals they are equal but print differently).
    accepted: dict[tuple[str, str], tuple[tuple[int, ...], Decimal]] = field(default_factory=dict, compare=False)


# Templates are frozen, so what the engine derives from one is kept per template object (by identity: hashing a
# whole tree per call would cost more than it saves). Holding the template keeps its id from being reused.
_PLANS: dict[int, tuple[Template, _Plan]] = {}
_PLANS_KEPT = 4096


def _plan(template: Template) -> _Plan:
    kept = _PLANS.get(id(template))
    if kept is not None and kept[0] is template:
        return kept[1]
    positions: dict[str, list[int]] = {}
    ranges: dict[str, SubItem | Item] = {}
    for index, dimension in enumerate(template.dimensions):
        for leaf in dimension.leaves():
            positions.setdefault(leaf.code, []).append(index)
            ranges[leaf.code] = leaf
    leaves = {
        code: _LeafRule(*_leaf_range(leaf), leaf.kind == Kind.YES_NO, leaf.points_max, tuple(positions[code]))
        for code, leaf in ranges.items()
    }
    plan = _Plan(leaves, {veto.code: veto for veto in template.vetoes})
    if len(_PLANS) >= _PLANS_KEPT:
        _PLANS.clear()
    _PLANS[id(template)] = (template, plan)
    return plan


def _leaf_points(
    template: Template, plan: _Plan, code: str, raw: Decimal | int | str
) -> tuple[tuple[int, ...], Decimal]:
    """One leaf's dimensions and points, checked against its range: half points, all or none for a yes/no item."""
    rule = plan.leaves.get(code)
    if rule is None:
        raise InputError(f"{code}: not a leaf of template {template.code}")
    value = points(raw)
    if not is_half_step(value) or not rule.low <= value <= rule.high:
        raise InputError(f"{code}: {value} is not a half point within [{rule.low}, {rule.high}]")
    if rule.yes_no and value != ZERO and value != rule.points_max:
        raise InputError(f"{code}: a yes/no item scores 0 or {rule.points_max}")
    if type(raw) is str:
        plan.accepted[code, raw] = (rule.dimensions, value)
    return rule.dimensions, value


def dimension_points(template: Template, scores: Mapping[str, Decimal | int | str]) -> tuple[DimensionScore, ...]:
    """Sum the leaf points of each dimension; a dimension's points stay within 0 and its maximum."""
    plan = _plan(template)
    accepted = plan.accepted
    sums = [ZERO] * len(template.dimensions)
    for code_and_points in scores.items():
        known = accepted.get(code_and_points) if type(code_and_points[1]) is str else None
        indexes, value = known or _leaf_points(template, plan, *code_and_points)
        for index in indexes:
            sums[index] += value
    results = []
    for dimension, raw in zip(template.dimensions, sums, strict=True):
        kept = min(max(raw, ZERO), dimension.points_max)
        results.append(DimensionScore(dimension.code, dimension.name, kept, dimension.points_max, kept != raw))
    return tuple(results)


def vetoes_hit(template: Template, codes: frozenset[str] | set[str]) -> tuple[VetoHit, ...]:
    if not codes:
        return ()
    known = _plan(template).vetoes
    unknown = sorted(set(codes) - set(known))
    if unknown:
        raise InputError(f"not veto items of template {template.code}: {', '.join(unknown)}")
    return tuple(VetoHit(veto.code, veto.name, veto.dimension) for veto in template.vetoes if veto.code in codes)


def _share(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(SHARE_PLACES, rounding=ROUND_FLOOR)


def _share_of(part: int, whole: int) -> Decimal:
    """``part / whole`` floored to six places, in whole numbers: the same value as ``_share`` without fractions."""
    return Decimal(part * 1_000_000 // whole).scaleb(-6)


def _score(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


@functools.cache
def _options_by_code(options: tuple[SatisfactionOption, ...]) -> dict[str, SatisfactionOption]:
    return {option.code: option for option in options}


def _tally(votes: Mapping[str, int], options: Sequence[SatisfactionOption]) -> tuple[int, int, Decimal]:
    """Ballots, fair-or-above ballots and the sum of their points (exact: points times whole counts)."""
    by_code = _options_by_code(options) if isinstance(options, tuple) else {option.code: option for option in options}
    total = fair = 0
    points_sum = ZERO
    for code, count in votes.items():
        option = by_code.get(code)
        if option is None:
            raise InputError(f"{code}: not a satisfaction option")
        if (type(count) is not int and (isinstance(count, bool) or not isinstance(count, int))) or count < 0:
            raise InputError(f"{code}: a ballot count is a whole number of at least 0, not {count!r}")
        total += count
        if option.fair_or_above:
            fair += count
        points_sum += option.points * count
    return total, fair, points_sum


def satisfaction_result(
    votes: Mapping[str, int] | Mapping[str, Mapping[str, int]],
    *,
    options: Sequence[SatisfactionOption],
    rater_groups: Sequence[RaterGroup] = (),
) -> SatisfactionResult:
    """Counts per option → ballots, fair-or-above share and a 0–100 score from the points per option.

    With rater groups (Yantian), ``votes`` maps each group to its counts; the share and the score are the
    weighted mean over the groups that voted, their weights rescaled to add up to 1.
    """
    if not rater_groups:
        total, fair, points_sum = _tally(votes, options)
        pooled = votes
        share = _share_of(fair, total) if total else None
        # Exact: the sum has few places and a quotient this small cannot sit 10^-28 off a rounding boundary.
        score = (points_sum / total).quantize(SCORE_PLACES, rounding=ROUND_HALF_UP) if total else None
        groups: tuple[GroupSatisfaction, ...] = ()
    else:
        known = {group.code for group in rater_groups}
        unknown = sorted(set(votes) - known)
        if unknown:
            raise InputError(f"not rater groups: {', '.join(unknown)}")
        pooled, group_results = {}, []
        total = fair = 0
        weighted_share = weighted_score = Fraction(0)
        weight_present = Fraction(0)
        for group in rater_groups:
            group_votes = votes.get(group.code, {})
            group_total, group_fair, group_decimal_points = _tally(group_votes, options)
            group_points = Fraction(group_decimal_points)
            for code, count in group_votes.items():
                pooled[code] = pooled.get(code, 0) + count
            total, fair = total + group_total, fair + group_fair
            if group_total:
                weight = Fraction(group.weight)
                weight_present += weight
                weighted_share += weight * Fraction(group_fair, group_total)
                weighted_score += weight * group_points / group_total
            group_results.append(
                GroupSatisfaction(
                    group.code,
                    group.name,
                    group.weight,
                    group_total,
                    _share(Fraction(group_fair, group_total)) if group_total else None,
                    _score(group_points / group_total) if group_total else None,
                )
            )
        share = _share(weighted_share / weight_present) if weight_present else None
        score = _score(weighted_score / weight_present) if weight_present else None
        groups = tuple(group_results)
    counts = tuple(OptionCount(option.code, option.label, pooled.get(option.code, 0)) for option in options)
    return SatisfactionResult(total, counts, fair, share, score, groups)


def apply_gate(
    stars: int, satisfaction: SatisfactionResult | None, *, required_share: Decimal, gated_stars: int
) -> GateResult:
    """Yucheng: an organization whose fair-or-above share is below 70% cannot get five stars (no vote: no share)."""
    share = satisfaction.fair_or_above_share if satisfaction is not None else None
    passed = share is not None and share >= required_share
    after = stars if passed or stars < gated_stars else gated_stars - 1
    return GateResult(required_share, gated_stars, share, passed, stars, after)


def _gated(
    stars: int, satisfaction: SatisfactionResult | None, gate_share: Decimal | None, gate_stars: int | None
) -> tuple[int, GateResult | None]:
    """The stars after the satisfaction gate and the gate that explains them; a template without a gate keeps its
    stars. The one place where a star scheme meets the gate (Yucheng, seed 000)."""
    if gate_share is None or gate_stars is None:
        return stars, None
    gate = apply_gate(stars, satisfaction, required_share=gate_share, gated_stars=gate_stars)
    return gate.stars_after, gate


def _dimension_results(dimensions: Sequence[DimensionScore]) -> tuple[DimensionResult, ...]:
    return tuple(DimensionResult(d.code, d.name, d.points, d.points_max, capped=d.capped) for d in dimensions)


def _total(dimensions: Sequence[DimensionScore]) -> tuple[Decimal, Decimal]:
    return sum((d.points for d in dimensions), ZERO), sum((d.points_max for d in dimensions), ZERO)


def dimension_stars(
    dimensions: Sequence[DimensionScore],
    *,
    threshold: Decimal,
    vetoes: Sequence[VetoHit] = (),
    satisfaction: SatisfactionResult | None = None,
    gate_share: Decimal | None = None,
    gate_stars: int | None = None,
) -> Result:
    """Yucheng 4+1: each dimension lights its star at ``threshold`` (18 of 20) unless one of its veto items is hit;
    a veto on the whole template lights none; the gated star level needs the fair-or-above share."""
    template_veto = any(veto.dimension is None for veto in vetoes)
    results = []
    for dimension in dimensions:
        hit = tuple(veto.code for veto in vetoes if veto.dimension == dimension.code) if vetoes else ()
        if template_veto:
            why_not = "template_veto"
        elif hit:
            why_not = "veto"
        elif dimension.points < threshold:
            why_not = "below_threshold"
        else:
            why_not = None
        results.append(
            DimensionResult(
                dimension.code,
                dimension.name,
                dimension.points,
                dimension.points_max,
                threshold,
                why_not is None,
                why_not,
                hit,
                dimension.capped,
            )
        )
    lit = min(sum(1 for result in results if result.lit), MAX_STARS)
    stars, gate = _gated(lit, satisfaction, gate_share, gate_stars)
    total, points_max = _total(dimensions)
    return Result(
        SchemeName.DIMENSION_STARS,
        total,
        points_max,
        tuple(results),
        tuple(vetoes),
        stars=stars,
        lit=lit,
        gate=gate,
        satisfaction=satisfaction,
    )


def _band_for(bands: Sequence[StarBand | GradeBand], value: Decimal) -> StarBand | GradeBand:
    """The band from `lower` (inclusive) to `upper` (exclusive); the top band also holds its upper bound."""
    ordered = sorted(bands, key=lambda band: band.lower)
    value = min(max(value, ordered[0].lower), ordered[-1].upper)
    for band in ordered:
        if band.lower <= value < band.upper:
            return band
    return ordered[-1]


def score_bands(
    dimensions: Sequence[DimensionScore],
    *,
    bands: Sequence[StarBand],
    veto_cap: int,
    vetoes: Sequence[VetoHit] = (),
    satisfaction: SatisfactionResult | None = None,
    gate_share: Decimal | None = None,
    gate_stars: int | None = None,
) -> Result:
    """Lengshuijiang fortress index: the total gives 1–5 stars by bands; any veto hit caps the stars."""
    total, points_max = _total(dimensions)
    band = _band_for(bands, total)
    stars = band.stars
    cap = None
    if vetoes and stars > veto_cap:
        stars, cap = veto_cap, veto_cap
    stars, gate = _gated(stars, satisfaction, gate_share, gate_stars)
    return Result(
        SchemeName.SCORE_BANDS,
        total,
        points_max,
        _dimension_results(dimensions),
        tuple(vetoes),
        stars=stars,
        band=band,
        veto_cap=cap,
        gate=gate,
        satisfaction=satisfaction,
    )


def weighted_grade(
    dimensions: Sequence[DimensionScore],
    *,
    evaluation_score: Decimal | None,
    indicator_weight: Decimal,
    evaluation_weight: Decimal,
    bands: Sequence[GradeBand],
    vetoes: Sequence[VetoHit] = (),
    veto_grade: str | None = None,
    satisfaction: SatisfactionResult | None = None,
) -> Result:
    """Yantian: 60% indicator score (0–100) + 40% evaluation by the rater groups → 好/较好/一般/差 by bands.

    A veto hit lowers the grade to ``veto_grade`` (default: the lowest band). Without an evaluation, no grade.
    """
    total, points_max = _total(dimensions)
    indicator_score = (total * HUNDRED / points_max).quantize(SCORE_PLACES, ROUND_HALF_UP) if points_max else ZERO
    base = Result(
        SchemeName.WEIGHTED_GRADE,
        total,
        points_max,
        _dimension_results(dimensions),
        tuple(vetoes),
        satisfaction=satisfaction,
        indicator_score=indicator_score,
        evaluation_score=evaluation_score,
        indicator_weight=indicator_weight,
        evaluation_weight=evaluation_weight,
    )
    if evaluation_score is None:
        return base
    weighted = (indicator_weight * indicator_score + evaluation_weight * evaluation_score).quantize(
        SCORE_PLACES, ROUND_HALF_UP
    )
    band = _band_for(bands, weighted)
    grade = band.grade
    if vetoes:
        ordered = sorted(bands, key=lambda each: each.lower)
        lowered = next((each for each in ordered if each.grade == veto_grade), ordered[0])
        if lowered.lower < band.lower:
            grade = lowered.grade
    return replace(base, weighted_score=weighted, band=band, grade=grade)


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


def _satisfaction_for(template: Template, inputs: Inputs) -> SatisfactionResult | None:
    settings = template.satisfaction
    if settings is None:
        return None
    if settings.rater_groups:
        if not inputs.group_votes:
            return None
        return satisfaction_result(inputs.group_votes, options=settings.options, rater_groups=settings.rater_groups)
    if not inputs.votes:
        return None
    return satisfaction_result(inputs.votes, options=settings.options)


def compute(template: Template, inputs: Inputs) -> Result:
    """The result of one subject under the template's scheme, with its explanation."""
    dimensions = dimension_points(template, inputs.scores)
    vetoes = vetoes_hit(template, inputs.vetoes_hit)
    satisfaction = _satisfaction_for(template, inputs)
    scheme = template.scheme
    gate = template.satisfaction
    gate_share = gate.gate_share if gate else None
    gate_stars = gate.gate_stars if gate else None
    if scheme.name == SchemeName.DIMENSION_STARS:
        return dimension_stars(
            dimensions,
            threshold=scheme.threshold,
            vetoes=vetoes,
            satisfaction=satisfaction,
            gate_share=gate_share,
            gate_stars=gate_stars,
        )
    if scheme.name == SchemeName.SCORE_BANDS:
        return score_bands(
            dimensions,
            bands=scheme.star_bands,
            veto_cap=scheme.veto_cap,
            vetoes=vetoes,
            satisfaction=satisfaction,
            gate_share=gate_share,
            gate_stars=gate_stars,
        )
    if scheme.name == SchemeName.WEIGHTED_GRADE:
        evaluation = inputs.evaluation_score
        if evaluation is None and satisfaction is not None:
            evaluation = satisfaction.score
        return weighted_grade(
            dimensions,
            evaluation_score=None if evaluation is None else points(evaluation),
            indicator_weight=scheme.indicator_weight,
            evaluation_weight=scheme.evaluation_weight,
            bands=scheme.grade_bands,
            vetoes=vetoes,
            veto_grade=scheme.veto_grade,
            satisfaction=satisfaction,
        )
    total, points_max = _total(dimensions)
    return Result(
        SchemeName.RANKED_SCORE, total, points_max, _dimension_results(dimensions), vetoes, satisfaction=satisfaction
    )


def compute_group(template: Template, inputs_by_subject: Mapping[SubjectKey, Inputs]) -> dict[SubjectKey, Result]:
    """The results of a group of subjects (a street, a district); under ``ranked_score`` each gets its rank."""
    results = {key: compute(template, inputs) for key, inputs in inputs_by_subject.items()}
    if template.scheme.name != SchemeName.RANKED_SCORE or not results:
        return results
    keys = list(results)
    ranks = ranked_score(
        {str(index): results[key].total for index, key in enumerate(keys)}, behind_share=template.scheme.behind_share
    )
    return {
        key: replace(results[key], rank=ranks[str(index)].rank, group_size=len(keys), behind=ranks[str(index)].behind)
        for index, key in enumerate(keys)
    }


__all__ = [
    "MAX_STARS",
    "InputError",
    "Inputs",
    "Result",
    "compute",
    "compute_group",
    "dimension_points",
    "dimension_stars",
    "ranked_score",
    "satisfaction_result",
    "score_bands",
    "weighted_grade",
]
