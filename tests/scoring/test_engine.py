"""The engine on the seed rules: Yucheng stars, the satisfaction gate, Lengshuijiang bands, Yantian grades,
Jinyuan ranks. Plain pytest, no database."""

from decimal import Decimal

import pytest

from scoring.engine import (
    DimensionScore,
    InputError,
    Inputs,
    Rank,
    VetoHit,
    compute,
    compute_group,
    dimension_stars,
    ranked_score,
    satisfaction_result,
    score_bands,
    weighted_grade,
)
from tests.support.scoring import scores_for, shipped, yucheng

FULL = {"A": 20, "B": 20, "C": 20, "D": 20, "E": 20}
ALL_FAIR_OR_ABOVE = {"satisfied": 10}


def _one_dimension(points: str) -> DimensionScore:
    return DimensionScore("A", "党组织建设", Decimal(points), Decimal(20))


@pytest.mark.parametrize(("points", "lit"), [("18.0", True), ("18", True), ("17.5", False), ("20", True), ("0", False)])
def test_a_dimension_lights_its_star_at_18_of_20(points, lit):
    result = dimension_stars([_one_dimension(points)], threshold=Decimal(18))
    assert result.dimensions[0].lit is lit
    assert result.stars == int(lit)
    assert result.dimensions[0].why_not == (None if lit else "below_threshold")


def test_yucheng_template_lights_at_18_and_not_at_17_5():
    template = yucheng()
    eighteen = compute(template, Inputs(scores=scores_for(template, {"A": "18.0"}), votes=ALL_FAIR_OR_ABOVE))
    seventeen_and_a_half = compute(
        template, Inputs(scores=scores_for(template, {"A": "17.5"}), votes=ALL_FAIR_OR_ABOVE)
    )
    assert eighteen.stars == 1 and eighteen.dimensions[0].lit
    assert seventeen_and_a_half.stars == 0 and not seventeen_and_a_half.dimensions[0].lit


def test_a_veto_removes_exactly_the_star_of_its_dimension():
    template = yucheng()
    result = compute(
        template, Inputs(scores=scores_for(template, FULL), vetoes_hit=frozenset({"V04"}), votes=ALL_FAIR_OR_ABOVE)
    )
    lit = {dimension.code: dimension.lit for dimension in result.dimensions}
    assert lit == {"A": True, "B": False, "C": True, "D": True, "E": True}
    assert result.dimensions[1].why_not == "veto" and result.dimensions[1].vetoes_hit == ("V04",)
    assert result.stars == 4
    assert [veto.code for veto in result.vetoes_hit] == ["V04"]


def test_two_vetoes_in_one_dimension_still_remove_one_star():
    template = yucheng()
    result = compute(
        template,
        Inputs(scores=scores_for(template, FULL), vetoes_hit=frozenset({"V01", "V02"}), votes=ALL_FAIR_OR_ABOVE),
    )
    assert result.stars == 4
    assert result.dimensions[0].vetoes_hit == ("V01", "V02")


def test_a_veto_on_the_whole_template_lights_no_star():
    dimensions = [DimensionScore(code, code, Decimal(20), Decimal(20)) for code in "ABCDE"]
    result = dimension_stars(dimensions, threshold=Decimal(18), vetoes=[VetoHit("V0", "严重违纪", None)])
    assert result.stars == 0
    assert {dimension.why_not for dimension in result.dimensions} == {"template_veto"}


@pytest.mark.parametrize(("fair_or_above", "stars"), [(69, 4), (70, 5), (100, 5), (0, 4)])
def test_five_stars_need_a_fair_or_above_share_of_70_percent(fair_or_above, stars):
    template = yucheng()
    votes = {"fair": fair_or_above, "unsatisfied": 100 - fair_or_above}
    result = compute(template, Inputs(scores=scores_for(template, FULL), votes=votes))
    assert result.lit == 5
    assert result.stars == stars
    assert result.gate.share == Decimal(fair_or_above) / 100
    assert result.gate.passed is (fair_or_above >= 70)


def test_the_gate_compares_the_exact_share():
    # 699 of 1000 is just below 70%: a rounded share of 70.0% must not let five stars through.
    template = yucheng()
    votes = {"satisfied": 699, "unsatisfied": 301}
    assert compute(template, Inputs(scores=scores_for(template, FULL), votes=votes)).stars == 4


def test_without_a_satisfaction_vote_five_stars_are_not_given():
    template = yucheng()
    result = compute(template, Inputs(scores=scores_for(template, FULL)))
    assert (result.lit, result.stars, result.gate.share) == (5, 4, None)


def test_the_gate_does_not_touch_fewer_than_five_stars():
    template = yucheng()
    result = compute(
        template, Inputs(scores=scores_for(template, {"A": 20, "B": 20, "C": 20}), votes={"unsatisfied": 5})
    )
    assert result.stars == 3 and result.gate.stars_after == 3


def test_half_points_add_up_exactly():
    template = yucheng()
    halves = {"A1.3": "1.5", "A1.4": Decimal("1.5"), "A2.3": 1.5, "A2.4": "0.5"}
    result = compute(template, Inputs(scores=halves))
    assert result.dimensions[0].points == Decimal("5.0")
    assert result.total == Decimal(5)


@pytest.mark.parametrize(
    ("scores", "problem"),
    [({"nope": 1}, "not a leaf"), ({"A1.1": 3}, "within"), ({"A1.1": "0.3"}, "within"), ({"A": 1}, "not a leaf")],
)
def test_inputs_that_do_not_fit_the_template_are_refused(scores, problem):
    with pytest.raises(InputError, match=problem):
        compute(yucheng(), Inputs(scores=scores))


def test_an_unknown_veto_or_option_is_refused():
    with pytest.raises(InputError):
        compute(yucheng(), Inputs(vetoes_hit=frozenset({"V99"})))
    with pytest.raises(InputError):
        compute(yucheng(), Inputs(votes={"perhaps": 3}))


# -- satisfaction ------------------------------------------------------------------------------------------------
def test_satisfaction_counts_give_share_and_score():
    options = yucheng().satisfaction.options
    result = satisfaction_result({"satisfied": 5, "fairly_satisfied": 3, "fair": 1, "unsatisfied": 1}, options=options)
    assert result.total == 10
    assert result.fair_or_above == 9
    assert result.fair_or_above_share == Decimal("0.9")
    assert result.score == Decimal("80.00")  # (5×100 + 3×80 + 1×60 + 0) / 10
    assert [count.label for count in result.counts] == ["满意", "较满意", "一般", "不满意"]


def test_rater_groups_are_weighted_and_a_silent_group_is_left_out():
    template = shipped("yantian_quality.yaml")[0]
    settings = template.satisfaction
    votes = {"leaders": {"satisfied": 4}, "mass_representatives": {"unsatisfied": 1, "fair": 1}}
    result = satisfaction_result(votes, options=settings.options, rater_groups=settings.rater_groups)
    # two groups voted, weights 0.2 and 0.2 rescaled to a half each: (100 + 30) / 2
    assert result.score == Decimal("65.00")
    assert result.fair_or_above_share == Decimal("0.75")
    assert result.total == 6
    assert [group.total for group in result.groups] == [4, 0, 0, 2, 0]


# -- Lengshuijiang: bands -------------------------------------------------------------------------------------------
def _fortress(points: dict[str, int | str], vetoes=frozenset()):
    template = shipped("lengshuijiang_fortress_2023.yaml")[0]
    return compute(template, Inputs(scores=scores_for(template, points), vetoes_hit=vetoes))


@pytest.mark.parametrize(
    ("total", "stars"), [(100, 5), (90, 5), ("89.5", 4), (80, 4), (79, 3), (70, 3), (60, 2), ("59.5", 1), (0, 1)]
)
def test_the_fortress_index_gives_stars_by_bands(total, stars):
    remaining = Decimal(str(total))
    points = {}
    for code, most in [("S1", 15), ("S2", 20), ("S3", 20), ("S4", 15), ("S5", 15), ("S6", 15)]:
        points[code] = min(remaining, most)
        remaining -= points[code]
    result = _fortress(points)
    assert result.total == Decimal(str(total))
    assert result.stars == stars


def test_a_veto_caps_the_fortress_stars():
    full = {"S1": 15, "S2": 20, "S3": 20, "S4": 15, "S5": 15, "S6": 15}
    result = _fortress(full, frozenset({"V2"}))
    assert (result.band.stars, result.stars, result.veto_cap) == (5, 1, 1)


def test_a_gate_on_the_fortress_bands_holds_five_stars_back_as_on_yucheng_dimensions():
    bands = shipped("lengshuijiang_fortress_2023.yaml")[0].scheme.star_bands
    dimensions = [DimensionScore("S", "六个基本", Decimal(95), Decimal(100))]
    below = satisfaction_result({"fair": 69, "unsatisfied": 31}, options=yucheng().satisfaction.options)
    gated = score_bands(
        dimensions, bands=bands, veto_cap=1, satisfaction=below, gate_share=Decimal("0.7"), gate_stars=5
    )
    assert (gated.band.stars, gated.stars) == (5, 4)
    assert (gated.gate.passed, gated.gate.stars_before, gated.gate.stars_after) == (False, 5, 4)
    ungated = score_bands(dimensions, bands=bands, veto_cap=1, satisfaction=below)
    assert (ungated.stars, ungated.gate) == (5, None)


# -- Yantian: weighted grade ----------------------------------------------------------------------------------------
def test_a_weighted_grade_from_85_indicator_points_and_90_evaluation_points():
    dimensions = [DimensionScore("L", "党组织带头人", Decimal(85), Decimal(100))]
    result = weighted_grade(
        dimensions,
        evaluation_score=Decimal(90),
        indicator_weight=Decimal("0.6"),
        evaluation_weight=Decimal("0.4"),
        bands=shipped("yantian_quality.yaml")[0].scheme.grade_bands,
    )
    assert result.weighted_score == Decimal(87)  # 0.6 × 85 + 0.4 × 90
    assert result.grade == "较好"


def test_the_yantian_template_grades_from_scores_and_group_votes():
    template = shipped("yantian_quality.yaml")[0]
    # 85 indicator points; every group half 满意 (100) and half 较满意 (80): 90 evaluation points
    scores = scores_for(template, {"L": 20, "R": 15, "P": 15, "G": 15, "A": 20})
    scores.pop("M1", None)
    half = {"satisfied": 2, "fairly_satisfied": 2}
    group_votes = {group.code: half for group in template.satisfaction.rater_groups}
    result = compute(template, Inputs(scores=scores, group_votes=group_votes))
    assert (result.indicator_score, result.evaluation_score, result.weighted_score) == (85, 90, 87)
    assert result.grade == "较好"
    vetoed = compute(template, Inputs(scores=scores, group_votes=group_votes, vetoes_hit=frozenset({"V1"})))
    assert (vetoed.band.grade, vetoed.grade) == ("较好", "差")


def test_without_an_evaluation_there_is_no_grade():
    template = shipped("yantian_quality.yaml")[0]
    result = compute(template, Inputs(scores=scores_for(template, {"L": 20})))
    assert result.grade is None and result.weighted_score is None


# -- Jinyuan: ranks ---------------------------------------------------------------------------------------------
def test_ranks_share_ties_and_flag_the_last_fifth():
    ranks = ranked_score(
        {
            name: Decimal(total)
            for name, total in zip("abcdefghij", [90, 85, 85, 80, 75, 70, 65, 60, 55, 50], strict=True)
        },
        behind_share=Decimal("0.2"),
    )
    assert [ranks[name].rank for name in "abcdefghij"] == [1, 2, 2, 4, 5, 6, 7, 8, 9, 10]
    assert [name for name in "abcdefghij" if ranks[name].behind] == ["i", "j"]


def test_a_group_of_one_or_of_equals_has_nobody_behind():
    assert ranked_score({"a": Decimal(60)}, behind_share=Decimal("0.2")) == {"a": Rank(1, 1, False)}
    level = ranked_score({name: Decimal(80) for name in "abcde"}, behind_share=Decimal("0.2"))
    assert set(level.values()) == {Rank(1, 5, False)}
    pair = ranked_score({"a": Decimal(80), "b": Decimal(70)}, behind_share=Decimal("0.5"))
    assert (pair["a"].behind, pair["b"].behind) == (False, True)


def test_the_quarterly_assessment_ranks_a_group_with_bonus_and_deduction():
    template = shipped("jinyuan_secretary_quarterly.yaml")[0]
    inputs = {
        "王书记": Inputs(scores=scores_for(template, {"Q1": 18, "Q2": 12}) | {"Q8.6": 2}),
        "李书记": Inputs(scores=scores_for(template, {"Q1": 18, "Q2": 10, "Q6": 4}) | {"Q6.6": "-2.5"}),
        "赵书记": Inputs(scores=scores_for(template, {"Q1": 10})),
    }
    results = compute_group(template, inputs)
    assert {name: (result.total, result.rank) for name, result in results.items()} == {
        "王书记": (32, 1),
        "李书记": (Decimal("29.5"), 2),  # a deduction stays within its dimension: 4 − 2.5
        "赵书记": (10, 3),
    }
    assert [name for name, result in results.items() if result.behind] == ["赵书记"]


def test_a_deduction_does_not_take_a_dimension_below_zero():
    template = shipped("jinyuan_secretary_quarterly.yaml")[0]
    result = compute(template, Inputs(scores={"Q6.6": -5}))
    assert result.dimensions[5].points == 0 and result.dimensions[5].capped
