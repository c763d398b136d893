"""Yantian's weighted grade: the indicator score and the rater groups' evaluation, weighted, read off bands."""

from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from scoring.definitions import ZERO, GradeBand, SchemeName
from scoring.engine.bands import band_for
from scoring.engine.points import dimension_results, total_points
from scoring.engine.values import HUNDRED, SCORE_PLACES, DimensionScore, Result, SatisfactionResult, VetoHit


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
    """Yantian (seed 003): 60% indicator score (0–100) + 40% evaluation by the rater groups → 好/较好/一般/差 by bands.

    The total is the weighted score, of 100, beside both parts. A veto hit lowers the grade to ``veto_grade``
    (default: the lowest band). Without an evaluation, no grade, and the total is the indicator points alone.
    """
    total, points_max = total_points(dimensions)
    indicator_score = (total * HUNDRED / points_max).quantize(SCORE_PLACES, ROUND_HALF_UP) if points_max else ZERO
    base = Result(
        SchemeName.WEIGHTED_GRADE,
        total,
        points_max,
        dimension_results(dimensions),
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
    band = band_for(bands, weighted)
    grade = band.grade
    if vetoes:
        ordered = sorted(bands, key=lambda each: each.lower)
        lowered = next((each for each in ordered if each.grade == veto_grade), ordered[0])
        if lowered.lower < band.lower:
            grade = lowered.grade
    return replace(base, total=weighted, points_max=HUNDRED, weighted_score=weighted, band=band, grade=grade)
