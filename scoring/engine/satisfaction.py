"""Satisfaction: ballots per option to a fair-or-above share and a 0–100 score, and the gate on the stars."""

import functools
from collections.abc import Mapping, Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

from scoring.definitions import ZERO, RaterGroup, SatisfactionOption
from scoring.engine.values import (
    SCORE_PLACES,
    SHARE_PLACES,
    GateResult,
    GroupSatisfaction,
    InputError,
    OptionCount,
    SatisfactionResult,
)


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


def gated(
    stars: int, satisfaction: SatisfactionResult | None, gate_share: Decimal | None, gate_stars: int | None
) -> tuple[int, GateResult | None]:
    """The stars after the satisfaction gate and the gate that explains them; a template without a gate keeps its
    stars. The one place where a star scheme meets the gate (Yucheng, seed 000)."""
    if gate_share is None or gate_stars is None:
        return stars, None
    gate = apply_gate(stars, satisfaction, required_share=gate_share, gated_stars=gate_stars)
    return gate.stars_after, gate
