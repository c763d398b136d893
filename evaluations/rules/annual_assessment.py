"""The annual assessment of a secretary from the year's quarterly scoring, pure: no database, no clock.

Jinyuan (seed 001): "一季一评比、一年一总结、年终综合评" and "将季度考评结果与绩效报酬、星级奖励直接挂钩": the quarterly
8-aspect scoring feeds the annual assessment (年度考核), and the annual assessment gives the base stars of rule B1
(年度考核星). The seed gives no numbers; the documented defaults (fixtures/rule_sets/jinyuan_secretary_stars.yaml,
editable on the rule set) are: the annual score is the mean of the quarters' scores on 100; 优秀 from 90, 良好 from 80,
合格 from 60, 基本合格 from 50, 不合格 below; 3, 2 and 1 base stars for 优秀, 良好 and 合格; below 合格 no base star
and the reduced star of 年度考核较差 proposed; all four quarters are needed.

Every figure is rounded to two decimals, half up, before it is used, so that what the page shows recomputes by hand:
each quarter's score on 100, then the mean of those, and the grade is judged on that shown mean.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

EXCELLENT = "excellent"
GOOD = "good"
QUALIFIED = "qualified"
BASICALLY_QUALIFIED = "basically_qualified"
UNQUALIFIED = "unqualified"
GRADES = (EXCELLENT, GOOD, QUALIFIED, BASICALLY_QUALIFIED, UNQUALIFIED)
QUARTERS = (1, 2, 3, 4)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class AnnualAssessmentRule:
    """The thresholds (on 100) and stars of the annual assessment, as the rule set holds them."""

    quarters_required: int = 4
    excellent_from: Decimal = Decimal(90)
    good_from: Decimal = Decimal(80)
    qualified_from: Decimal = Decimal(60)
    basically_qualified_from: Decimal = Decimal(50)
    excellent_stars: int = 3
    good_stars: int = 2
    qualified_stars: int = 1
    poor_reduced_stars: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.quarters_required <= len(QUARTERS):
            raise ValueError("quarters_required must be 1 to 4")
        if not self.excellent_from > self.good_from > self.qualified_from >= self.basically_qualified_from:
            raise ValueError("the thresholds must fall from excellent to basically qualified")


@dataclass(frozen=True)
class QuarterTotal:
    """One quarter's final total as the quarterly campaign computed it, and the template's full marks."""

    quarter: int
    total: Decimal
    points_max: Decimal


@dataclass(frozen=True)
class AnnualAssessment:
    """A secretary's year: each counted quarter's score on 100, the quarters missing, and, when assessable, the mean,
    the grade, the base stars it gives and the reduced stars it suggests."""

    year: int
    scores: tuple[tuple[int, Decimal], ...]  # (quarter, score on 100), by quarter
    missing: tuple[int, ...]
    mean: Decimal | None
    grade: str  # "" when not assessable
    base_stars: int
    reduced_stars: int

    @property
    def assessable(self) -> bool:
        return self.mean is not None

    @property
    def poor(self) -> bool:
        return self.grade in (BASICALLY_QUALIFIED, UNQUALIFIED)


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def score_on_hundred(total: Decimal, points_max: Decimal) -> Decimal:
    """A total brought to a scale of 100 (a template whose full marks are not 100); bonus points may pass 100."""
    if points_max <= 0:
        raise ValueError("full marks must be positive")
    return rounded(Decimal(total) * HUNDRED / Decimal(points_max))


def grade_of(mean: Decimal, rule: AnnualAssessmentRule) -> str:
    """优秀, 良好, 合格, 基本合格 or 不合格 from the mean on 100; a threshold is reached at exactly its value."""
    for grade, threshold in (
        (EXCELLENT, rule.excellent_from),
        (GOOD, rule.good_from),
        (QUALIFIED, rule.qualified_from),
        (BASICALLY_QUALIFIED, rule.basically_qualified_from),
    ):
        if mean >= threshold:
            return grade
    return UNQUALIFIED


def base_stars_of(grade: str, rule: AnnualAssessmentRule) -> int:
    """The B1 base stars a grade gives: 优秀 3, 良好 2, 合格 1 by default, none below."""
    return {EXCELLENT: rule.excellent_stars, GOOD: rule.good_stars, QUALIFIED: rule.qualified_stars}.get(grade, 0)


def annual_assessment(
    *, year: int, quarters: Mapping[int, QuarterTotal], rule: AnnualAssessmentRule
) -> AnnualAssessment:
    """The year of one secretary from their final quarterly totals (one per quarter at most): with fewer quarters
    than the rule asks, not assessable and nothing proposed; else the mean of the quarters' scores on 100."""
    for quarter, total in quarters.items():
        if quarter not in QUARTERS or total.quarter != quarter:
            raise ValueError(f"quarter {quarter} is not 1 to 4")
    scores = tuple(
        (quarter, score_on_hundred(quarters[quarter].total, quarters[quarter].points_max))
        for quarter in QUARTERS
        if quarter in quarters
    )
    missing = tuple(quarter for quarter in QUARTERS if quarter not in quarters)
    if len(scores) < rule.quarters_required:
        return AnnualAssessment(year, scores, missing, None, "", 0, 0)
    mean = rounded(sum((score for _quarter, score in scores), Decimal(0)) / len(scores))
    grade = grade_of(mean, rule)
    reduced = rule.poor_reduced_stars if grade in (BASICALLY_QUALIFIED, UNQUALIFIED) else 0
    return AnnualAssessment(year, scores, missing, mean, grade, base_stars_of(grade, rule), reduced)


def score_text(score: Decimal) -> str:
    """A score as the reason writes it: one decimal at least, two when the second is not zero (92.5, 88.0, 91.67)."""
    text = f"{rounded(score):.2f}"
    return text[:-1] if text.endswith("0") else text
