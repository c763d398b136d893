"""The pioneer index grade (Lengshuijiang 先锋指数, seed 004): index points, vote score and deductions → a grade.

Plain values in and out. The final points are the branch review's points of the four indices, weighted with the
democratic vote's score, less the reverse deductions; a band of the template gives the grade, a deduction in a
named area can cap it, and a branch's share of excellent members can be capped. The explanation says which.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TypeVar

from scoring.definitions import ZERO, Kind, Template
from scoring.engine.bands import band_for
from scoring.pioneer import MemberGradeCode, PioneerRules, grade_rank

Key = TypeVar("Key")
Branch = TypeVar("Branch")
HUNDRED = Decimal(100)
ONE = Decimal(1)
PLACES = Decimal("0.01")
SHARE_PLACES = Decimal("0.0001")

DECIDED_BY_BAND = "band"
DECIDED_BY_CAP = "cap"
DECIDED_BY_EXCELLENT_SHARE = "excellent_share"
NOT_REVIEWED = "not_reviewed"


@dataclass(frozen=True)
class PioneerInputs:
    """One member's inputs: the branch review's points per leaf code, the deductions per deduction item (≤ 0), and
    the democratic vote's counts per option code (None when no vote is recorded)."""

    review_points: Mapping[str, Decimal] | None
    deductions: Mapping[str, Decimal] = field(default_factory=dict)
    vote_counts: Mapping[str, int] | None = None


@dataclass(frozen=True)
class PioneerOutcome:
    final_points: Decimal
    grade: str
    decided_by: str
    index_points: dict[str, Decimal]
    index_total: Decimal
    vote_score: Decimal | None
    vote_share: Decimal | None
    ballots: int
    deductions: dict[str, Decimal]
    band_grade: str
    cap_area: str = ""


def vote_score(rules: PioneerRules, counts: Mapping[str, int] | None) -> tuple[Decimal | None, Decimal | None, int]:
    """The vote score (mean points of the ballots, 0–100), the share rated qualified or better, and the ballots."""
    if not counts:
        return None, None, 0
    ballots = sum(counts.get(option.code, 0) for option in rules.vote_options)
    if not ballots:
        return None, None, 0
    points = sum((option.points * counts.get(option.code, 0) for option in rules.vote_options), ZERO)
    approving = sum(counts.get(option.code, 0) for option in rules.vote_options if option.approves)
    score = (points / ballots).quantize(PLACES, ROUND_HALF_UP)
    share = (Decimal(approving) / ballots).quantize(SHARE_PLACES, ROUND_FLOOR)
    return score, share, ballots


def index_points(template: Template, leaf_points: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Points per index (dimension), from the points per leaf; deduction items are left to ``deductions_of``."""
    per_index: dict[str, Decimal] = {}
    for dimension, leaf in template.leaves():
        if leaf.kind == Kind.DEDUCTION:
            continue
        per_index[dimension.code] = per_index.get(dimension.code, ZERO) + Decimal(leaf_points.get(leaf.code, ZERO))
    return per_index


def deductions_of(template: Template, deductions: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The deductions taken (below zero) per deduction item code, in the template's order."""
    codes = [leaf.code for _dimension, leaf in template.leaves() if leaf.kind == Kind.DEDUCTION]
    return {code: Decimal(deductions[code]) for code in codes if Decimal(deductions.get(code, ZERO)) < 0}


def pioneer_grade(template: Template, rules: PioneerRules, inputs: PioneerInputs) -> PioneerOutcome | None:
    """Lengshuijiang pioneer index (seed 004): final = (1 − vote weight) × review points + vote weight × vote score
    + deductions, within 0–100; the band gives the grade and a deduction in a capped area lowers it to the cap.

    Without a vote the review points count alone (the explanation says so); without a branch review, no grade.
    """
    if inputs.review_points is None:
        return None
    per_index = index_points(template, inputs.review_points)
    index_total = sum(per_index.values(), ZERO)
    score, share, ballots = vote_score(rules, inputs.vote_counts)
    taken = deductions_of(template, inputs.deductions)
    weighted = index_total if score is None else (ONE - rules.vote_weight) * index_total + rules.vote_weight * score
    final = min(max(weighted + sum(taken.values(), ZERO), ZERO), HUNDRED).quantize(PLACES, ROUND_HALF_UP)
    band_grade = band_for(rules.bands, final).grade
    grade, decided_by, cap_area = band_grade, DECIDED_BY_BAND, ""
    for cap in rules.caps:
        if cap.area in taken and grade_rank(cap.grade) > grade_rank(grade):
            grade, decided_by, cap_area = cap.grade, DECIDED_BY_CAP, cap.area
    return PioneerOutcome(
        final_points=final,
        grade=grade,
        decided_by=decided_by,
        index_points=per_index,
        index_total=index_total,
        vote_score=score,
        vote_share=share,
        ballots=ballots,
        deductions=taken,
        band_grade=band_grade,
        cap_area=cap_area,
    )


def excellent_places(share: Decimal | None, members: int) -> int | None:
    """How many members of a branch of this size may be excellent: the share rounded down, at least one; None when
    the template sets no share."""
    if share is None:
        return None
    return max(1, int((share * members).to_integral_value(ROUND_FLOOR)))


def grade_group(
    subjects: Mapping[Key, tuple[Template, PioneerInputs]],
    branch_of: Mapping[Key, Branch],
    *,
    excellent_share: Decimal | None,
) -> dict[Key, PioneerOutcome]:
    """The outcomes of a campaign's members, each on the template of their category; in each branch at most its
    excellent places stay excellent, the highest final points first (then the vote score, then the given order),
    and the others become qualified with the share named as the reason."""
    outcomes = {}
    for key, (template, inputs) in subjects.items():
        outcome = pioneer_grade(template, template.pioneer, inputs) if template.pioneer else None
        if outcome is not None:
            outcomes[key] = outcome
    if excellent_share is None:
        return outcomes
    size: dict[Branch, int] = {}
    for key in subjects:
        size[branch_of[key]] = size.get(branch_of[key], 0) + 1
    candidates: dict[Branch, list[Key]] = {}
    for key, outcome in outcomes.items():
        if outcome.grade == MemberGradeCode.EXCELLENT:
            candidates.setdefault(branch_of[key], []).append(key)
    for branch, keys in candidates.items():
        places = excellent_places(excellent_share, size[branch])
        if places is None or len(keys) <= places:
            continue
        keys.sort(key=lambda key: (-outcomes[key].final_points, -(outcomes[key].vote_score or ZERO)))
        for key in keys[places:]:
            outcomes[key] = replace(
                outcomes[key], grade=MemberGradeCode.QUALIFIED.value, decided_by=DECIDED_BY_EXCELLENT_SHARE
            )
    return outcomes
