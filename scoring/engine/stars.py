"""The star schemes: Yucheng's star per dimension and Lengshuijiang's stars by bands of the total."""

from collections.abc import Sequence
from decimal import Decimal

from scoring.definitions import SchemeName, StarBand
from scoring.engine.bands import band_for
from scoring.engine.points import dimension_results, total_points
from scoring.engine.satisfaction import gated
from scoring.engine.values import MAX_STARS, DimensionResult, DimensionScore, Result, SatisfactionResult, VetoHit


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
    stars, gate = gated(lit, satisfaction, gate_share, gate_stars)
    total, points_max = total_points(dimensions)
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
    total, points_max = total_points(dimensions)
    band = band_for(bands, total)
    stars = band.stars
    cap = None
    if vetoes and stars > veto_cap:
        stars, cap = veto_cap, veto_cap
    stars, gate = gated(stars, satisfaction, gate_share, gate_stars)
    return Result(
        SchemeName.SCORE_BANDS,
        total,
        points_max,
        dimension_results(dimensions),
        tuple(vetoes),
        stars=stars,
        band=band,
        veto_cap=cap,
        gate=gate,
        satisfaction=satisfaction,
    )
