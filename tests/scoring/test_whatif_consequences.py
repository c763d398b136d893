"""Which consequences a what-if makes appear or vanish: one result replaced by the draft's, or the rules replaced by
a draft of the rule set. Pure, no database: the shipped Yucheng "3+2" rules read from the fixture."""

from dataclasses import replace
from pathlib import Path

from scoring.engine.consequences import Action, Period, ResultValue, Target, Term
from scoring.template_format.consequences import parse_rule_set
from scoring.whatif import Appearance, consequence_changes, consequence_tally

YUCHENG = [
    entry.rule
    for entry in parse_rule_set(
        (Path(__file__).resolve().parents[2] / "fixtures/consequence_rules/yucheng_3plus2.yaml").read_text("utf-8")
    ).rules
]
TERM = (Term(2024, 2028),)


def result(year: int, stars: int) -> ResultValue:
    return ResultValue(year, Period("year", year), stars=stars, leader="zhang", leader_name="张书记")


def shown(changes) -> set[tuple]:
    return {
        (appearance.value, firing.rule_code, firing.action.value, firing.target.value) for appearance, firing in changes
    }


def test_a_second_three_star_result_makes_award_ineligibility_appear_and_commendation_vanish():
    earlier = [result(2025, 3)]
    changes = consequence_changes(
        (YUCHENG, [*earlier, result(2026, 4)]), (YUCHENG, [*earlier, result(2026, 3)]), terms=TERM
    )
    assert shown(changes) == {
        ("appear", "Y2", "award_ineligible_term", "organization"),
        ("appear", "Y2", "award_ineligible_term", "leader"),
        ("vanish", "Y1", "commendation_candidate", "organization"),
    }
    leader = next(firing for appearance, firing in changes if firing.target == Target.LEADER)
    assert leader.person_name == "张书记" and [each.period.year for each in leader.results] == [2025, 2026]


def test_a_result_that_keeps_its_level_changes_no_consequence():
    results = [result(2025, 3), result(2026, 3)]
    assert consequence_changes((YUCHENG, results), (YUCHENG, results), terms=TERM) == []


def test_raising_the_three_star_rule_to_three_times_makes_award_ineligibility_vanish():
    draft = [replace(rule, times=3) if rule.code == "Y2" else rule for rule in YUCHENG]
    results = [result(2024, 3), result(2025, 4), result(2026, 3)]
    changes = consequence_changes((YUCHENG, results), (draft, results), terms=TERM)
    assert shown(changes) == {
        ("vanish", "Y2", "award_ineligible_term", "organization"),
        ("vanish", "Y2", "award_ineligible_term", "leader"),
    }


def test_the_same_consequence_resting_on_other_results_is_unchanged():
    before = [result(2024, 4), result(2025, 5)]
    after = [result(2024, 4), result(2025, 3)]
    assert Action.COMMENDATION_CANDIDATE not in {
        firing.action for _appearance, firing in consequence_changes((YUCHENG, before), (YUCHENG, after), terms=TERM)
    }


def test_the_tally_counts_each_street_by_list():
    groups, total = consequence_tally(
        [
            ("east", Appearance.APPEAR, "award_ineligible_term"),
            ("east", Appearance.APPEAR, "award_ineligible_term"),
            ("east", Appearance.VANISH, "commendation_candidate"),
            ("west", Appearance.VANISH, "weak_and_lax"),
        ]
    )
    assert groups["east"].as_dict() == {
        "appear": 2,
        "vanish": 1,
        "actions": {
            "award_ineligible_term": {"appear": 2, "vanish": 0},
            "commendation_candidate": {"appear": 0, "vanish": 1},
        },
    }
    assert (total.appear, total.vanish) == (2, 2)
    assert total.actions["weak_and_lax"] == {"appear": 0, "vanish": 1}
