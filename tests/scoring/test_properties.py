"""Properties of the engine over generated inputs (hypothesis): monotone, bounded, and explained."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.definitions import Kind
from scoring.engine import Inputs, compute
from tests.support.scoring import shipped, yucheng

YUCHENG = yucheng()
FORTRESS = shipped("lengshuijiang_fortress_2023.yaml")[1]
OPTIONS = [option.code for option in YUCHENG.satisfaction.options]


def _half_points(leaf) -> st.SearchStrategy[Decimal]:
    if leaf.kind == Kind.YES_NO:
        return st.sampled_from([Decimal(0), leaf.points_max])
    low, high = int(leaf.points_min * 2), int(leaf.points_max * 2)
    return st.integers(low, high).map(lambda halves: Decimal(halves) / 2)


def _inputs(template) -> st.SearchStrategy[Inputs]:
    leaves = [leaf for _dimension, leaf in template.leaves()]
    scores = st.fixed_dictionaries({leaf.code: _half_points(leaf) for leaf in leaves})
    vetoes = st.frozensets(st.sampled_from([veto.code for veto in template.vetoes]), max_size=3)
    votes = st.dictionaries(st.sampled_from(OPTIONS), st.integers(0, 50), max_size=4)
    return st.builds(Inputs, scores=scores, vetoes_hit=vetoes, votes=votes)


def _raised(template, inputs: Inputs, data) -> Inputs:
    """The same inputs with one leaf's score raised to a higher valid value."""
    leaves = {leaf.code: leaf for _dimension, leaf in template.leaves()}
    code = data.draw(st.sampled_from(sorted(leaves)))
    leaf = leaves[code]
    current = inputs.scores[code]
    if current >= leaf.points_max:
        return inputs
    higher = data.draw(st.integers(int(current * 2) + 1, int(leaf.points_max * 2)).map(lambda h: Decimal(h) / 2))
    return Inputs(scores={**inputs.scores, code: higher}, vetoes_hit=inputs.vetoes_hit, votes=inputs.votes)


@settings(max_examples=300, deadline=None)
@given(inputs=_inputs(YUCHENG), data=st.data())
def test_raising_a_score_never_lowers_the_yucheng_stars(inputs, data):
    assert compute(YUCHENG, _raised(YUCHENG, inputs, data)).stars >= compute(YUCHENG, inputs).stars


@settings(max_examples=300, deadline=None)
@given(inputs=_inputs(FORTRESS), data=st.data())
def test_raising_a_score_never_lowers_the_fortress_stars(inputs, data):
    assert compute(FORTRESS, _raised(FORTRESS, inputs, data)).stars >= compute(FORTRESS, inputs).stars


@settings(max_examples=500, deadline=None)
@given(inputs=_inputs(YUCHENG))
def test_stars_stay_within_0_and_5_and_the_explanation_adds_up(inputs):
    result = compute(YUCHENG, inputs)
    assert 0 <= result.stars <= 5
    assert sum(dimension.points for dimension in result.dimensions) == result.total
    assert sum(1 for dimension in result.dimensions if dimension.lit) == result.lit == result.gate.stars_before
    assert result.stars == result.gate.stars_after
    assert result.stars == result.lit or (result.lit == 5 and result.stars == 4 and not result.gate.passed)
    for dimension in result.dimensions:
        assert dimension.lit == (dimension.why_not is None)
        assert dimension.lit == (dimension.points >= dimension.threshold and not dimension.vetoes_hit)


@settings(max_examples=300, deadline=None)
@given(inputs=_inputs(FORTRESS))
def test_fortress_stars_stay_within_1_and_5_and_follow_their_band(inputs):
    result = compute(FORTRESS, inputs)
    assert 1 <= result.stars <= 5
    assert sum(dimension.points for dimension in result.dimensions) == result.total
    assert result.band.lower <= result.total <= result.band.upper
    assert result.stars == (min(result.band.stars, 1) if inputs.vetoes_hit else result.band.stars)
