"""The engine's explanation in sentences ("为什么是3星"): one line per dimension, veto, band, gate and grade."""

import functools
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from scoring.definitions import SchemeName
from scoring.engine import DimensionResult, GateResult, Result


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value.normalize())


def _percent(share: Decimal) -> str:
    return _number((share * 100).quantize(Decimal("0.1"))) + "%"


# A campaign repeats the same few sentences thousands of times (a dimension at 17.5 of 20, a share of 90%):
# each is rendered once per language. The results are frozen, so they are their own cache keys.
@functools.lru_cache(maxsize=8192)
def _cached_dimension_line(language: str | None, dimension: DimensionResult, veto_names: tuple[str, ...]) -> str:
    return _dimension_line(dimension, dict(zip(dimension.vetoes_hit, veto_names, strict=True)))


@functools.lru_cache(maxsize=256)
def _stars_headline(language: str | None, stars: int) -> str:
    return _("Why %(stars)s stars:") % {"stars": stars}


@functools.lru_cache(maxsize=256)
def _lit_line(language: str | None, lit: int | None) -> str:
    return _("%(lit)s dimensions lit.") % {"lit": lit}


@functools.lru_cache(maxsize=8192)
def _cached_gate_line(language: str | None, gate: GateResult) -> str:
    return _gate_line(gate)


def _dimension_line(dimension: DimensionResult, vetoes: dict[str, str]) -> str:
    values = {
        "name": dimension.name,
        "points": _number(dimension.points),
        "max": _number(dimension.points_max),
        "threshold": _number(dimension.threshold) if dimension.threshold is not None else "",
    }
    if dimension.why_not == "veto":
        values["veto"] = "、".join(vetoes.get(code, code) for code in dimension.vetoes_hit)
        return _("%(name)s: %(points)s of %(max)s points, but the veto item %(veto)s was hit: no star.") % values
    if dimension.why_not == "template_veto":
        return _("%(name)s: %(points)s of %(max)s points; no star because of a veto on the whole template.") % values
    if dimension.why_not == "below_threshold":
        return _("%(name)s: %(points)s of %(max)s points, below %(threshold)s: no star.") % values
    if dimension.lit:
        return _("%(name)s: %(points)s of %(max)s points, at least %(threshold)s: star lit.") % values
    return _("%(name)s: %(points)s of %(max)s points.") % values


def _gate_line(gate: GateResult) -> str:
    values = {
        "required": _percent(gate.required_share),
        "gated": gate.gated_stars,
        "before": gate.stars_before,
        "after": gate.stars_after,
    }
    if gate.share is None:
        if gate.stars_before < gate.gated_stars:
            return _("No satisfaction vote was counted yet.")
        return (
            _(
                "No satisfaction vote was counted: %(gated)s stars need a fair-or-above share of %(required)s, "
                "so %(after)s stars instead of %(before)s."
            )
            % values
        )
    values["share"] = _percent(gate.share)
    if gate.passed and gate.stars_before >= gate.gated_stars:
        return _("The fair-or-above share is %(share)s, at least %(required)s: %(gated)s stars are possible.") % values
    if gate.passed:
        # Below the gated level the gate decided nothing: saying "five stars are possible" misled readers of a 3.
        return (
            _(
                "The fair-or-above share is %(share)s, at least %(required)s: "
                "the satisfaction gate does not lower the stars."
            )
            % values
        )
    if gate.stars_before < gate.gated_stars:
        return (
            _("The fair-or-above share is %(share)s, below %(required)s: %(gated)s stars would not be possible.")
            % values
        )
    return (
        _(
            "The fair-or-above share is %(share)s, below %(required)s: not %(gated)s stars, "
            "so %(after)s stars instead of %(before)s."
        )
        % values
    )


def explain(result: Result) -> list[str]:
    """The sentences that say how the result came about, headline first."""
    vetoes = {veto.code: veto.name for veto in result.vetoes_hit}
    language = get_language()
    lines: list[str] = []
    if result.stars is not None:
        lines.append(_stars_headline(language, result.stars))
    elif result.grade is not None:
        lines.append(_("Why the grade %(grade)s:") % {"grade": result.grade})
    if result.scheme == SchemeName.DIMENSION_STARS:
        lines.extend(
            _cached_dimension_line(language, dimension, tuple(vetoes.get(code, code) for code in dimension.vetoes_hit))
            for dimension in result.dimensions
        )
        lines.extend(
            _("The veto item %(veto)s applies to the whole template: no star is lit.") % {"veto": veto.name}
            for veto in result.vetoes_hit
            if veto.dimension is None
        )
        lines.append(_lit_line(language, result.lit))
    elif result.scheme == SchemeName.WEIGHTED_GRADE:
        indicator = {
            "total": _number(sum((dimension.points for dimension in result.dimensions), Decimal(0))),
            "max": _number(sum((dimension.points_max for dimension in result.dimensions), Decimal(0))),
        }
        lines.append(_("Indicator points %(total)s of %(max)s.") % indicator)
    else:
        total = {"total": _number(result.total), "max": _number(result.points_max)}
        lines.append(_("Total %(total)s of %(max)s points.") % total)
    if result.scheme == SchemeName.SCORE_BANDS and result.band is not None:
        lines.append(
            _("The band from %(lower)s to %(upper)s points gives %(stars)s stars.")
            % {"lower": _number(result.band.lower), "upper": _number(result.band.upper), "stars": result.band.stars}
        )
        if result.veto_cap is not None:
            names = "、".join(vetoes.values())
            lines.append(
                _("The veto item %(veto)s was hit: at most %(cap)s stars.") % {"veto": names, "cap": result.veto_cap}
            )
    if result.scheme == SchemeName.WEIGHTED_GRADE:
        if result.weighted_score is None:
            lines.append(_("No evaluation by the rater groups yet: no grade."))
        else:
            lines.append(
                _(
                    "%(indicator)s × %(indicator_weight)s + %(evaluation)s × %(evaluation_weight)s = %(score)s "
                    "(indicator score and evaluation score)."
                )
                % {
                    "indicator": _number(result.indicator_score),
                    "indicator_weight": _number(result.indicator_weight),
                    "evaluation": _number(result.evaluation_score),
                    "evaluation_weight": _number(result.evaluation_weight),
                    "score": _number(result.weighted_score),
                }
            )
            lines.append(
                _("The band from %(lower)s to %(upper)s gives the grade %(grade)s.")
                % {"lower": _number(result.band.lower), "upper": _number(result.band.upper), "grade": result.band.grade}
            )
            if result.grade != result.band.grade:
                names = "、".join(vetoes.values())
                lines.append(
                    _("The veto item %(veto)s was hit: grade %(grade)s.") % {"veto": names, "grade": result.grade}
                )
    if result.rank is not None:
        lines.append(_("Rank %(rank)s of %(size)s.") % {"rank": result.rank, "size": result.group_size})
        if result.behind:
            lines.append(_("Among the last of the group: a reminder is due."))
    if result.gate is not None:
        lines.append(_cached_gate_line(language, result.gate))
    return lines


def why(result: Result) -> str:
    return "\n".join(explain(result))
