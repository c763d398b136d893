"""A policy what-if: one subject's result under the current template beside its result under a draft, and the
tally of a campaign's subjects by street. Pure: results in, plain values out; nothing is read or written.

The district tries a change of thresholds, bands, gates, weights or veto items on a campaign before adopting it
(issue 13, item 6): who gains a star or a grade, who loses one, and why (which dimension crossed the threshold,
which band or gate). The tally is keyed by the column it compares ("results"), so that a second comparison (the
consequences that would appear or vanish) sits beside it in the same shape: ``consequence_changes`` runs a rule
set over a subject's results twice (one result replaced, or the rules replaced) and says which firings differ.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from scoring.definitions import GradeBand
from scoring.engine.consequences import Firing, ResultValue, Rule, Term, rules_fire
from scoring.engine.values import Result
from scoring.template_format.problems import number_text


class Direction(StrEnum):
    GAIN = "gain"
    LOSE = "lose"
    KEEP = "keep"
    UNCOMPUTED = "uncomputed"  # the inputs do not fit the template (the campaign's own results say why)


@dataclass(frozen=True)
class Reason:
    """Why a subject's level moved: a dimension that lit or went out, a band, a gate, a veto, a weighted score.

    ``kind`` names the sentence; the other fields are its values as text (points stay exact)."""

    kind: str
    dimension: str = ""
    name: str = ""
    points: str = ""
    before: str = ""
    after: str = ""

    def as_dict(self) -> dict:
        return {key: value for key, value in vars(self).items() if value != ""}


@dataclass(frozen=True)
class Change:
    direction: Direction
    stars_before: int | None
    stars_after: int | None
    grade_before: str = ""
    grade_after: str = ""
    reasons: tuple[Reason, ...] = ()


def grade_order(bands: Sequence[GradeBand]) -> tuple[str, ...]:
    """The grades from the lowest band up: a later grade is a better one."""
    return tuple(band.grade for band in sorted(bands, key=lambda band: band.lower))


def _text(value) -> str:
    """A number as a sentence quotes it: 18, 18.5 (not 18.0)."""
    return "" if value is None else number_text(value)


def _share(value) -> str:
    """A share as a percentage to a tenth: 0.7 → 70%, 0.666667 → 66.7%."""
    return "" if value is None else f"{number_text((value * 100).quantize(Decimal('0.1')))}%"


def _level(result: Result, grades: Sequence[str]) -> int | None:
    if result.grade:
        return grades.index(result.grade) if result.grade in grades else None
    return result.stars


def _dimension_reasons(before: Result, after: Result) -> list[Reason]:
    reasons = []
    old = {dimension.code: dimension for dimension in before.dimensions}
    for dimension in after.dimensions:
        previous = old.get(dimension.code)
        if previous is None or previous.lit == dimension.lit or dimension.lit is None:
            continue
        if dimension.lit:
            kind = "dimension_lit"
        elif dimension.why_not == "below_threshold":
            kind = "dimension_below_threshold"
        else:
            kind = "dimension_vetoed"
        reasons.append(
            Reason(
                kind,
                dimension=dimension.code,
                name=dimension.name,
                points=_text(dimension.points),
                before=_text(previous.threshold),
                after=_text(dimension.threshold),
            )
        )
    return reasons


def _reasons(before: Result, after: Result) -> tuple[Reason, ...]:
    """What differs between the two explanations, in the order a reader checks them."""
    reasons = _dimension_reasons(before, after)
    if before.veto_cap != after.veto_cap:
        reasons.append(Reason("veto_cap", before=str(before.veto_cap or ""), after=str(after.veto_cap or "")))
    if before.band != after.band and after.band is not None:
        old = before.band
        label = str(getattr(after.band, "stars", "") or getattr(after.band, "grade", ""))
        old_label = "" if old is None else str(getattr(old, "stars", "") or getattr(old, "grade", ""))
        if old_label != label:
            reasons.append(Reason("band", points=_text(after.total), before=old_label, after=label))
    if before.weighted_score != after.weighted_score and after.weighted_score is not None:
        reasons.append(Reason("weighted_score", before=_text(before.weighted_score), after=_text(after.weighted_score)))
    before_gated = (
        before.gate is not None and not before.gate.passed and before.gate.stars_after < before.gate.stars_before
    )
    after_gated = after.gate is not None and not after.gate.passed and after.gate.stars_after < after.gate.stars_before
    if before_gated != after_gated:
        share = after.gate.share if after.gate is not None else None
        reasons.append(
            Reason(
                "gate_applied" if after_gated else "gate_lifted",
                points=_share(share),
                before=_share(before.gate.required_share) if before.gate else "",
                after=_share(after.gate.required_share) if after.gate else "",
            )
        )
    return tuple(reasons)


def compare(before: Result | None, after: Result | None, *, grades: Sequence[str] = ()) -> Change:
    """One subject under the current template (``before``) and the draft (``after``): the direction of the change
    of its stars, or of its grade on the scale ``grades`` (lowest first), and the reasons. None: not computable."""
    if before is None or after is None:
        return Change(
            Direction.UNCOMPUTED,
            None if before is None else before.stars,
            None if after is None else after.stars,
            "" if before is None else before.grade or "",
            "" if after is None else after.grade or "",
        )
    old, new = _level(before, grades), _level(after, grades)
    if old == new or old is None or new is None:
        direction = Direction.KEEP
    else:
        direction = Direction.GAIN if new > old else Direction.LOSE
    return Change(
        direction,
        before.stars,
        after.stars,
        before.grade or "",
        after.grade or "",
        _reasons(before, after) if direction != Direction.KEEP else (),
    )


@dataclass
class GroupTally:
    """The counts of one street (or of the district) by direction, and its levels before and after."""

    gain: int = 0
    lose: int = 0
    keep: int = 0
    uncomputed: int = 0
    before: dict[str, int] = field(default_factory=dict)  # level (stars or grade; "" for none) → subjects
    after: dict[str, int] = field(default_factory=dict)

    def add(self, change: Change) -> None:
        setattr(self, change.direction.value, getattr(self, change.direction.value) + 1)
        for counts, level in ((self.before, _label(change, before=True)), (self.after, _label(change, before=False))):
            counts[level] = counts.get(level, 0) + 1

    def as_dict(self) -> dict:
        return {
            "gain": self.gain,
            "lose": self.lose,
            "keep": self.keep,
            "uncomputed": self.uncomputed,
            "before": dict(sorted(self.before.items())),
            "after": dict(sorted(self.after.items())),
        }


def _label(change: Change, *, before: bool) -> str:
    grade = change.grade_before if before else change.grade_after
    stars = change.stars_before if before else change.stars_after
    return grade or ("" if stars is None else str(stars))


def tally(changes: Iterable[tuple[object, Change]]) -> tuple[dict[object, GroupTally], GroupTally]:
    """The changes counted per group (a street) and for all of them together."""
    groups: dict[object, GroupTally] = {}
    total = GroupTally()
    for group, change in changes:
        groups.setdefault(group, GroupTally()).add(change)
        total.add(change)
    return groups, total


class Appearance(StrEnum):
    APPEAR = "appear"
    VANISH = "vanish"


def firing_key(firing: Firing) -> tuple:
    """What makes a consequence the same one (the job's key without the stored rule's id)."""
    return (firing.rule_code, firing.action.value, firing.target.value, firing.occasion, firing.person)


def consequence_changes(
    before: tuple[Sequence[Rule], Sequence[ResultValue]],
    after: tuple[Sequence[Rule], Sequence[ResultValue]],
    *,
    terms: Sequence[Term] = (),
    subject_person: str = "",
) -> list[tuple[Appearance, Firing]]:
    """The consequences that would vanish and those that would appear when one subject's (rules, results) become
    others: a result replaced by the draft's, or a rule set replaced by its draft. A consequence fired both times
    (the same rule, action, person and occasion) is unchanged, whatever results it now rests on."""
    fired = [
        {
            firing_key(firing): firing
            for firing in rules_fire(rules, results, terms=terms, subject_person=subject_person)
        }
        for rules, results in (before, after)
    ]
    old, new = fired
    return [(Appearance.VANISH, firing) for key, firing in old.items() if key not in new] + [
        (Appearance.APPEAR, firing) for key, firing in new.items() if key not in old
    ]


@dataclass
class ConsequenceTally:
    """The consequences that would appear and vanish in one street (or the district), by action."""

    appear: int = 0
    vanish: int = 0
    actions: dict[str, dict[str, int]] = field(default_factory=dict)  # action → {"appear": n, "vanish": n}

    def add(self, appearance: Appearance, action: str) -> None:
        setattr(self, appearance.value, getattr(self, appearance.value) + 1)
        counts = self.actions.setdefault(action, {"appear": 0, "vanish": 0})
        counts[appearance.value] += 1

    def as_dict(self) -> dict:
        return {"appear": self.appear, "vanish": self.vanish, "actions": dict(sorted(self.actions.items()))}


def consequence_tally(
    changes: Iterable[tuple[object, Appearance, str]],
) -> tuple[dict[object, ConsequenceTally], ConsequenceTally]:
    """(group, appear or vanish, action) counted per group (a street) and for all of them together."""
    groups: dict[object, ConsequenceTally] = {}
    total = ConsequenceTally()
    for group, appearance, action in changes:
        groups.setdefault(group, ConsequenceTally()).add(appearance, action)
        total.add(appearance, action)
    return groups, total
