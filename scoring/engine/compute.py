"""The entries: ``compute`` for one subject under its template's scheme, ``compute_group`` for a ranked group."""

from collections.abc import Mapping
from dataclasses import replace
from typing import TypeVar

from scoring.definitions import SchemeName, Template
from scoring.engine.grades import weighted_grade
from scoring.engine.points import dimension_points, dimension_results, points, total_points, vetoes_hit
from scoring.engine.ranks import ranked_score
from scoring.engine.satisfaction import satisfaction_result
from scoring.engine.stars import dimension_stars, score_bands
from scoring.engine.values import Inputs, Result, SatisfactionResult

SubjectKey = TypeVar("SubjectKey")


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


def _shared(memo: dict | None, key: tuple, make):
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]


def compute(template: Template, inputs: Inputs, *, memo: dict | None = None) -> Result:
    """The result of one subject under the template's scheme, with its explanation.

    ``memo``, a dict kept for one subject, lets several versions of a template (a policy what-if) share the work
    that does not depend on the version: the dimensions' points for the same tree and scores, the satisfaction
    for the same options, rater groups and votes (the same objects)."""
    dimensions = _shared(
        memo, ("points", id(template.dimensions), id(inputs.scores)), lambda: dimension_points(template, inputs.scores)
    )
    vetoes = vetoes_hit(template, inputs.vetoes_hit)
    settings = template.satisfaction
    satisfaction = _shared(
        memo,
        (
            "satisfaction",
            id(settings.options) if settings else None,
            id(settings.rater_groups) if settings else None,
            id(inputs.votes),
            id(inputs.group_votes),
        ),
        lambda: _satisfaction_for(template, inputs),
    )
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
    total, points_max = total_points(dimensions)
    return Result(
        SchemeName.RANKED_SCORE, total, points_max, dimension_results(dimensions), vetoes, satisfaction=satisfaction
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
