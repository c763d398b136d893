"""Points: each leaf checked against its range, the leaves added up per dimension, the veto items hit."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from scoring.definitions import ZERO, Item, Kind, SubItem, Template, VetoItem, is_half_step
from scoring.engine.values import DimensionResult, DimensionScore, InputError, VetoHit


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
    """The template's veto items among ``codes``, in the template's order; an unknown code is an input error."""
    if not codes:
        return ()
    known = _plan(template).vetoes
    unknown = sorted(set(codes) - set(known))
    if unknown:
        raise InputError(f"not veto items of template {template.code}: {', '.join(unknown)}")
    return tuple(VetoHit(veto.code, veto.name, veto.dimension) for veto in template.vetoes if veto.code in codes)


def dimension_results(dimensions: Sequence[DimensionScore]) -> tuple[DimensionResult, ...]:
    """The dimensions as results of a scheme that lights no star per dimension: points and caps only."""
    return tuple(DimensionResult(d.code, d.name, d.points, d.points_max, capped=d.capped) for d in dimensions)


def total_points(dimensions: Sequence[DimensionScore]) -> tuple[Decimal, Decimal]:
    """The sum of the dimensions' points and the sum of their maxima."""
    return sum((d.points for d in dimensions), ZERO), sum((d.points_max for d in dimensions), ZERO)
