"""Worked examples of the pioneer index (seed 004) on the Lengshuijiang templates' documented defaults."""

from decimal import Decimal
from pathlib import Path

import pytest

from scoring.engine.pioneer import (
    DECIDED_BY_BAND,
    DECIDED_BY_CAP,
    DECIDED_BY_EXCELLENT_SHARE,
    PioneerInputs,
    excellent_places,
    grade_group,
    pioneer_grade,
    vote_score,
)
from scoring.template_format.reading import parse_templates
from scoring.template_format.writing import template_to_dict

FILE = Path(__file__).resolve().parents[2] / "fixtures" / "templates" / "lengshuijiang_pioneer_2023.yaml"


@pytest.fixture(scope="module")
def village():
    return parse_templates(FILE.read_text(encoding="utf-8"))[0]


def leaves_summing(template, total: int) -> dict[str, Decimal]:
    """Points per leaf adding up to ``total`` over the four indices, filling the leaves in order."""
    left, points = Decimal(total), {}
    for _dimension, leaf in template.leaves():
        if leaf.kind == "deduction":
            continue
        points[leaf.code] = min(leaf.points_max, left)
        left -= points[leaf.code]
    return points


def test_the_four_member_categories_each_have_a_template_of_four_indices_and_five_deductions():
    templates = parse_templates(FILE.read_text(encoding="utf-8"))
    assert [t.pioneer.categories for t in templates] == [
        ("village_community",),
        ("agency_institution",),
        ("two_new",),
        ("floating",),
    ]
    for template in templates:
        names = [dimension.name for dimension in template.dimensions]
        assert names == ["政治指数", "纪律指数", "品德指数", "奉献指数", "反向减分"]
        assert template.points_max == 100
        deductions = [item.name for item in template.dimension("R").items]
        assert deductions == ["理想信念", "政治纪律", "组织纪律", "宗旨意识", "作用发挥"]
        assert template_to_dict(template)["democratic_vote"]["quorum"] == "2/3"


@pytest.mark.parametrize(
    ("review_total", "votes", "final", "grade"),
    [
        (95, {"excellent": 10}, "96.50", "excellent"),  # 0.7 × 95 + 0.3 × 100
        (90, {"excellent": 5, "qualified": 5}, "90.00", "excellent"),  # 63 + 0.3 × 90: the band includes 90
        (85, {"qualified": 10}, "83.50", "qualified"),
        (75, {"qualified": 2, "basically_qualified": 8}, "71.70", "basically_qualified"),  # 52.5 + 0.3 × 64
        (60, {"unqualified": 6, "basically_qualified": 4}, "49.20", "unqualified"),  # 42 + 0.3 × 24
    ],
)
def test_each_grade_band_on_the_default_weights(village, review_total, votes, final, grade):
    outcome = pioneer_grade(
        village, village.pioneer, PioneerInputs(leaves_summing(village, review_total), vote_counts=votes)
    )
    assert outcome.index_total == review_total
    assert str(outcome.final_points) == final
    assert outcome.grade == grade
    assert outcome.decided_by == DECIDED_BY_BAND


def test_a_deduction_subtracts_points(village):
    outcome = pioneer_grade(
        village,
        village.pioneer,
        PioneerInputs(leaves_summing(village, 80), {"R4": Decimal(-5)}, {"qualified": 10}),
    )
    assert outcome.final_points == Decimal("75.00")  # 56 + 24 − 5
    assert outcome.deductions == {"R4": Decimal(-5)}
    assert outcome.grade == "qualified"


@pytest.mark.parametrize(
    ("area", "cap"),
    [
        ("R1", "basically_qualified"),
        ("R2", "basically_qualified"),
        ("R3", "qualified"),
        ("R4", "qualified"),
        ("R5", "qualified"),
    ],
)
def test_a_deduction_in_each_area_caps_the_grade(village, area, cap):
    outcome = pioneer_grade(
        village,
        village.pioneer,
        PioneerInputs(leaves_summing(village, 100), {area: Decimal(-1)}, {"excellent": 9}),
    )
    assert outcome.band_grade == "excellent"  # 99 points
    assert outcome.grade == cap
    assert outcome.decided_by == DECIDED_BY_CAP
    assert outcome.cap_area == area


def test_a_cap_never_raises_a_grade(village):
    outcome = pioneer_grade(
        village,
        village.pioneer,
        PioneerInputs(leaves_summing(village, 50), {"R3": Decimal(-1)}, {"unqualified": 3}),
    )
    assert outcome.grade == "unqualified"
    assert outcome.decided_by == DECIDED_BY_BAND


def test_without_a_vote_the_review_points_count_alone_and_without_a_review_there_is_no_grade(village):
    outcome = pioneer_grade(village, village.pioneer, PioneerInputs(leaves_summing(village, 92)))
    assert outcome.final_points == Decimal("92.00")
    assert outcome.vote_score is None
    assert pioneer_grade(village, village.pioneer, PioneerInputs(None)) is None


def test_vote_score_and_share(village):
    assert vote_score(village.pioneer, {"excellent": 1, "qualified": 2, "unqualified": 1}) == (
        Decimal("65.00"),
        Decimal("0.7500"),
        4,
    )


def test_the_seed_branch_of_32_members_keeps_8_excellent(village):
    """Seed 004: 32 members voted and 8 were named excellent; the default share is 25%."""
    assert excellent_places(village.pioneer.excellent_share, 32) == 8
    assert excellent_places(village.pioneer.excellent_share, 3) == 1
    subjects = {
        number: (village, PioneerInputs(leaves_summing(village, 100 - number % 10), vote_counts={"excellent": 31}))
        for number in range(32)
    }
    outcomes = grade_group(subjects, dict.fromkeys(subjects, "branch"), excellent_share=Decimal("0.25"))
    excellent = [key for key, outcome in outcomes.items() if outcome.grade == "excellent"]
    assert len(excellent) == 8
    assert all(outcomes[key].final_points == 100 for key in excellent if key % 10 == 0)
    lowered = [outcome for outcome in outcomes.values() if outcome.decided_by == DECIDED_BY_EXCELLENT_SHARE]
    assert lowered and all(outcome.grade == "qualified" for outcome in lowered)
    assert min(outcomes[key].final_points for key in excellent) >= max(o.final_points for o in lowered)
