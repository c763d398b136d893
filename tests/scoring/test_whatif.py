"""The what-if comparison and the editable numbers of a template: pure, no database."""

from dataclasses import replace
from decimal import Decimal

from scoring.drafts import draft_problems, template_settings, template_with_settings
from scoring.engine import Inputs, compute
from scoring.whatif import Direction, compare, grade_order, tally
from tests.support.scoring import scores_for, shipped, yucheng

FORTRESS = "lengshuijiang_fortress_2023.yaml"
YANTIAN = "yantian_quality.yaml"


def _yucheng_result(template, a_points: str):
    points = {"A": a_points, "B": 17, "C": 20, "D": 20, "E": 20}
    return compute(template, Inputs(scores={k: str(v) for k, v in scores_for(template, points).items()}))


def test_raising_the_threshold_takes_the_star_of_a_dimension_between_the_two():
    current = yucheng()
    draft = template_with_settings(current, {"threshold": Decimal(19)})
    for a_points, direction in (
        ("17.5", Direction.KEEP),
        ("18", Direction.LOSE),
        ("18.5", Direction.LOSE),
        ("19", Direction.KEEP),
    ):
        change = compare(_yucheng_result(current, a_points), _yucheng_result(draft, a_points))
        assert change.direction == direction, a_points
        if direction == Direction.LOSE:
            assert (change.stars_before, change.stars_after) == (4, 3)
            (reason,) = change.reasons
            assert (reason.kind, reason.dimension, reason.points, reason.before, reason.after) == (
                "dimension_below_threshold",
                "A",
                a_points,
                "18",
                "19",
            )


def test_lowering_the_threshold_lights_a_star_and_says_so():
    current = yucheng()
    draft = template_with_settings(current, {"threshold": Decimal("17.5")})
    change = compare(_yucheng_result(current, "17.5"), _yucheng_result(draft, "17.5"))
    assert change.direction == Direction.GAIN and change.reasons[0].kind == "dimension_lit"


def test_an_uncomputable_result_is_counted_apart():
    result = _yucheng_result(yucheng(), "18")
    assert compare(None, result).direction == Direction.UNCOMPUTED


def test_tally_counts_per_street_and_the_district_with_levels_before_and_after():
    current = yucheng()
    draft = template_with_settings(current, {"threshold": Decimal(19)})
    changes = [
        (street, compare(_yucheng_result(current, a), _yucheng_result(draft, a)))
        for street, a in (("east", "18"), ("east", "19"), ("west", "18.5"))
    ]
    streets, total = tally(changes)
    assert (streets["east"].lose, streets["east"].keep, streets["west"].lose) == (1, 1, 1)
    assert total.as_dict() == {
        "gain": 0,
        "lose": 2,
        "keep": 1,
        "uncomputed": 0,
        "before": {"4": 3},
        "after": {"3": 2, "4": 1},
    }


def test_moving_a_star_band_moves_the_organizations_in_between():
    current = shipped(FORTRESS)[0]
    settings = {setting.key: setting.value for setting in template_settings(current)}
    five = next(key for key in settings if key == "star_band_5")
    draft = template_with_settings(current, {five: settings[five] + 5})
    bands = {band.stars: (band.lower, band.upper) for band in draft.scheme.star_bands}
    assert bands[5] == (settings[five] + 5, current.points_max) and bands[4][1] == settings[five] + 5
    assert not draft_problems(current, {five: settings[five] + 5})


def test_a_band_below_the_band_under_it_is_refused_by_its_key():
    current = shipped(FORTRESS)[0]
    problems = draft_problems(current, {"star_band_3": Decimal(0)})
    assert set(problems) == {"star_band_3"}


def test_a_threshold_above_a_dimension_full_points_or_not_a_half_point_is_refused():
    assert "党组织建设" in draft_problems(yucheng(), {"threshold": Decimal(21)})["threshold"]
    assert "threshold" in draft_problems(yucheng(), {"threshold": Decimal("18.3")})


def test_weights_of_a_graded_template_and_the_grade_order():
    current = shipped(YANTIAN)[0]
    draft = template_with_settings(current, {"indicator_weight": Decimal(70)})
    assert (draft.scheme.indicator_weight, draft.scheme.evaluation_weight) == (Decimal("0.7"), Decimal("0.3"))
    assert grade_order(current.scheme.grade_bands) == ("差", "一般", "较好", "好")
    groups = [key for key in (s.key for s in template_settings(current)) if key.startswith("rater_group_")]
    assert "rater_group_0" in draft_problems(
        current, {groups[0]: Decimal(50), **{key: Decimal(20) for key in groups[1:]}}
    )


def test_a_veto_turned_off_leaves_the_draft():
    current = yucheng()
    draft = template_with_settings(current, {"veto_0": False})
    assert [veto.code for veto in draft.vetoes] == [veto.code for veto in current.vetoes[1:]]
    assert replace(draft, vetoes=current.vetoes) == current


def test_versions_sharing_a_tree_get_the_same_results_with_the_memo_as_without():
    from scoring.drafts import sharing_with
    from scoring.template_format.reading import template_from_dict
    from scoring.template_format.writing import template_to_dict

    current = yucheng()
    draft = sharing_with(
        current, template_from_dict(template_to_dict(template_with_settings(current, {"threshold": Decimal(19)})))
    )
    assert draft.dimensions is current.dimensions
    scores = {k: str(v) for k, v in scores_for(current, {"A": "18.5", "B": 20, "C": 20, "D": 20, "E": 20}).items()}
    inputs = Inputs(scores=scores, votes={"satisfied": 6, "unsatisfied": 4})
    memo: dict = {}
    shared = [compute(template, inputs, memo=memo) for template in (current, draft)]
    assert shared == [compute(current, inputs), compute(draft, inputs)]
    assert [result.stars for result in shared] == [4, 4]  # five lit but gated at 60%; then A goes out
    assert len(memo) == 2  # the points and the votes, once
