"""Every rule of the shipped consequence rule sets on worked multi-year histories, pure (no database): the rules
are read from fixtures/consequence_rules/ as the loader reads them."""

from pathlib import Path

import pytest

from scoring.engine.consequences import Action, Period, ResultValue, Target, Term, rules_fire
from scoring.template_format.consequences import parse_rule_set

RULES = Path(__file__).resolve().parents[2] / "fixtures" / "consequence_rules"


def rule_set(name: str):
    document = parse_rule_set((RULES / f"{name}.yaml").read_text(encoding="utf-8"))
    return [entry.rule for entry in document.rules]


YUCHENG = rule_set("yucheng_3plus2")
LENGSHUIJIANG = rule_set("lengshuijiang")
PIONEER = rule_set("lengshuijiang_pioneer")
YANTIAN = rule_set("yantian")
TERM_2021 = Term(2021, 2025)
EARLIER_TERM = Term(2016, 2020)


def years(*stars_by_year: tuple[int, int], leader: str = "zhang", leaders: dict[int, str] | None = None):
    """Yearly organization results: (year, stars), led by ``leader`` unless ``leaders`` names another per year."""
    return [
        ResultValue(
            result_id=year,
            period=Period("year", year),
            stars=stars,
            leader=(leaders or {}).get(year, leader),
            leader_name=(leaders or {}).get(year, leader).title(),
        )
        for year, stars in stars_by_year
    ]


def fired(rules, results, *, terms=(TERM_2021,), person=""):
    """(rule, action, target, occasion, person, result ids) for every firing."""
    return {
        (each.rule_code, each.action.value, each.target.value, each.occasion, each.person, each.result_ids)
        for each in rules_fire(rules, results, terms=terms, subject_person=person)
    }


def codes(rules, results, **kwargs) -> set[str]:
    return {row[0] for row in fired(rules, results, **kwargs)}


def test_seed_example_three_four_three_stars_in_one_term_lose_award_eligibility():
    rows = fired(YUCHENG, years((2021, 3), (2022, 4), (2023, 3)))
    assert ("Y2", "award_ineligible_term", "organization", "term:2021-2025", "", (2021, 2023)) in rows
    assert ("Y2", "award_ineligible_term", "leader", "term:2021-2025", "zhang", (2021, 2023)) in rows
    assert "Y3" not in {row[0] for row in rows}  # twice is not three times


def test_seed_example_one_star_in_consecutive_years_brings_organizational_handling_of_the_leader():
    rows = fired(YUCHENG, years((2022, 1), (2023, 1)))
    assert ("Y8", "organizational_handling", "leader", "2023", "zhang", (2022, 2023)) in rows
    # Twice in the term as well: the term review cannot be excellent and the leader is not nominated.
    assert {"Y7", "Y8"} <= {row[0] for row in rows}


def test_results_in_an_earlier_term_do_not_count():
    history = years((2019, 3), (2020, 3), (2021, 3))
    assert "Y2" not in codes(YUCHENG, history[2:], terms=(EARLIER_TERM, TERM_2021))
    rows = fired(YUCHENG, history, terms=(EARLIER_TERM, TERM_2021))
    # The earlier term fired in that term, with its own two results only; the current term has one 3-star result.
    assert ("Y2", "award_ineligible_term", "organization", "term:2016-2020", "", (2019, 2020)) in rows
    assert not any(row[0] == "Y2" and row[3] == "term:2021-2025" for row in rows)


def test_a_result_outside_any_recorded_term_counts_in_no_term():
    assert "Y2" not in codes(YUCHENG, years((2021, 3), (2022, 3)), terms=())


def test_three_star_three_times_in_a_term_caps_the_term_review():
    rows = fired(YUCHENG, years((2021, 3), (2022, 3), (2024, 3)))
    assert ("Y3", "term_review_not_excellent", "organization", "term:2021-2025", "", (2021, 2022, 2024)) in rows
    assert ("Y3", "term_review_not_excellent", "leader", "term:2021-2025", "zhang", (2021, 2022, 2024)) in rows


def test_four_or_five_stars_once_in_the_term_make_a_commendation_candidate():
    assert ("Y1", "commendation_candidate", "organization", "term:2021-2025", "", (2022,)) in fired(
        YUCHENG, years((2021, 3), (2022, 5))
    )
    assert "Y1" not in codes(YUCHENG, years((2021, 3), (2022, 2)))


def test_two_stars_lose_award_eligibility_that_year_each_year():
    rows = fired(YUCHENG, years((2021, 2), (2023, 2)))
    assert ("Y4", "award_ineligible_year", "organization", "2021", "", (2021,)) in rows
    assert ("Y4", "award_ineligible_year", "leader", "2023", "zhang", (2023,)) in rows
    # Twice in the term, not in a row: the leader is not nominated, but no talk is due.
    assert ("Y5", "not_nominated", "leader", "term:2021-2025", "zhang", (2021, 2023)) in rows
    assert "Y6" not in {row[0] for row in rows}


def test_two_stars_in_consecutive_years_bring_a_talk_and_a_rectification_deadline():
    rules = fired(YUCHENG, years((2021, 2), (2022, 2), (2023, 2)))
    assert ("Y6", "admonition_talk", "leader", "2022", "zhang", (2021, 2022)) in rules
    assert ("Y6", "rectification", "organization", "2023", "", (2022, 2023)) in rules
    rectification = next(
        each for each in rules_fire(YUCHENG, years((2021, 2), (2022, 2))) if each.action == Action.RECTIFICATION
    )
    assert rectification.deadline_days == 90


def test_consecutive_means_consecutive_periods_a_missing_year_breaks_the_run():
    assert "Y8" not in codes(YUCHENG, years((2021, 1), (2023, 1)))
    assert "Y6" not in codes(YUCHENG, years((2021, 2), (2022, 3), (2023, 2)))


def test_consecutive_runs_cross_the_boundary_of_a_term():
    rows = fired(YUCHENG, years((2020, 1), (2021, 1)), terms=(EARLIER_TERM, TERM_2021))
    assert ("Y8", "organizational_handling", "leader", "2021", "zhang", (2020, 2021)) in rows
    assert "Y7" not in {row[0] for row in rows}  # once in each term


def test_zero_stars_count_with_the_one_star_group():
    rows = fired(YUCHENG, years((2022, 0), (2023, 1)))
    assert ("Y8", "organizational_handling", "leader", "2023", "zhang", (2022, 2023)) in rows
    assert ("Y7", "not_nominated", "leader", "term:2021-2025", "zhang", (2022, 2023)) in rows


def test_one_star_twice_in_a_term_caps_the_review_and_bars_the_nomination():
    rows = fired(YUCHENG, years((2021, 1), (2022, 4), (2024, 1)))
    assert ("Y7", "term_review_not_excellent", "organization", "term:2021-2025", "", (2021, 2024)) in rows
    assert ("Y7", "not_nominated", "leader", "term:2021-2025", "zhang", (2021, 2024)) in rows
    assert "Y8" not in {row[0] for row in rows}


def test_a_new_leader_does_not_answer_for_the_results_of_a_predecessor():
    history = years((2021, 1), (2022, 1), leaders={2021: "li", 2022: "wang"})
    rows = fired(YUCHENG, history)
    assert not any(row[2] == "leader" for row in rows if row[0] in {"Y7", "Y8"})
    # The organization's own consequences stand.
    assert ("Y7", "term_review_not_excellent", "organization", "term:2021-2025", "", (2021, 2022)) in rows


def test_the_leaders_consequence_follows_the_person_who_led_at_the_results():
    history = years((2021, 3), (2022, 3), (2023, 3), leaders={2021: "li", 2022: "li", 2023: "wang"})
    rows = fired(YUCHENG, history)
    assert ("Y2", "award_ineligible_term", "leader", "term:2021-2025", "li", (2021, 2022)) in rows
    assert not any(row[4] == "wang" for row in rows if row[0] == "Y2")
    assert not any(row[2] == "leader" for row in rows if row[0] == "Y3")  # li led at two of the three


def test_three_stars_do_not_count_as_two_or_four():
    assert codes(YUCHENG, years((2021, 3), (2022, 3))) == {"Y2"}
    assert codes(YUCHENG, years((2021, 4), (2022, 5))) == {"Y1"}


def months(*stars_by_month: tuple[int, int, int]):
    return [
        ResultValue(result_id=year * 100 + month, period=Period("month", year, month), stars=stars, leader="zhao")
        for year, month, stars in stars_by_month
    ]


def test_lengshuijiang_five_stars_make_an_advanced_organization_and_put_the_secretary_first_for_honours():
    rows = fired(LENGSHUIJIANG, months((2023, 5, 5)))
    assert {(row[1], row[2]) for row in rows} == {
        ("advanced_organization", "organization"),
        ("commendation_candidate", "organization"),
        ("honours_first", "leader"),
    }
    assert all(row[3] == "2023-05" for row in rows)


def test_lengshuijiang_one_star_puts_the_organization_on_the_weak_and_lax_list_with_an_admonition_talk():
    rows = fired(LENGSHUIJIANG, months((2023, 11, 1), (2023, 12, 3), (2024, 1, 1)))
    weak = {row[3] for row in rows if row[1] == "weak_and_lax"}
    assert weak == {"2023-11", "2024-01"}
    assert ("L2", "admonition_talk", "leader", "2024-01", "zhao", (202401,)) in rows
    assert ("L2", "admonition_talk", "organization", "2024-01", "", (202401,)) in rows
    assert not codes(LENGSHUIJIANG, months((2023, 6, 2), (2023, 7, 3), (2023, 8, 4)))


def test_lengshuijiang_pioneer_grades_lead_to_the_member_follow_up():
    results = [
        ResultValue(1, Period("year", 2023), grade="excellent"),
        ResultValue(2, Period("year", 2024), grade="qualified"),
        ResultValue(3, Period("year", 2025), grade="unqualified"),
    ]
    rows = fired(PIONEER, results, person="member-key")
    assert {(row[0], row[1], row[2], row[4]) for row in rows} == {
        ("P1", "pioneer_follow_up", "member", "member-key"),
        ("P3", "pioneer_follow_up", "member", "member-key"),
    }


def grades(*by_year: tuple[int, str]):
    return [ResultValue(year, Period("year", year), grade=grade, leader="chen") for year, grade in by_year]


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        ("好", {"T2", "T3", "T4", "T5"}),
        ("较好", {"T2", "T3", "T4"}),
        ("一般", {"T2", "T3"}),
        ("差", {"T1", "T2", "T3"}),
    ],
)
def test_yantian_each_grade_has_its_consequences(grade, expected):
    assert codes(YANTIAN, grades((2022, grade))) == expected


def test_yantian_a_poor_grade_puts_the_organization_on_the_weak_and_lax_list_with_a_rectification():
    rows = fired(YANTIAN, grades((2021, "好"), (2022, "差")))
    assert ("T1", "weak_and_lax", "organization", "2022", "", (2022,)) in rows
    assert ("T1", "rectification", "organization", "2022", "", (2022,)) in rows
    assert ("T5", "funding_up", "organization", "2021", "", (2021,)) in rows
    assert ("T3", "cadre_selection", "leader", "2022", "chen", (2022,)) in rows


def test_a_later_result_of_the_same_period_replaces_an_earlier_one():
    history = [ResultValue(1, Period("year", 2022), stars=2), ResultValue(2, Period("year", 2022), stars=4)]
    assert codes(YUCHENG, history) == {"Y1"}


def test_every_leader_action_is_skipped_when_no_secretary_is_recorded():
    rows = fired(YUCHENG, years((2022, 2), leader=""))
    assert {row[2] for row in rows} == {Target.ORGANIZATION.value}


JINYUAN = rule_set("jinyuan_secretaries")


def star_years(*levels_by_year: tuple[int, int], person: str = "liu"):
    """A secretary's filed yearly star levels at one organization: (year, stars); the subject is the person."""
    return [
        ResultValue(result_id=year, period=Period("year", year), stars=stars, leader=person, leader_name="刘书记")
        for year, stars in levels_by_year
    ]


@pytest.mark.parametrize("stars", [7, 8, 9, 10])
def test_jinyuan_high_stars_put_the_secretary_first_for_both_deputies_and_on_the_commendation_list(stars):
    rows = fired(JINYUAN, star_years((2023, stars)))
    assert rows == {
        ("J1", "honours_first", "leader", "2023", "liu", (2023,)),
        ("J1", "commendation_candidate", "leader", "2023", "liu", (2023,)),
    }


@pytest.mark.parametrize("stars", [3, 4, 5, 6])
def test_jinyuan_middle_stars_bring_nothing(stars):
    assert not fired(JINYUAN, star_years((2022, stars), (2023, stars)))


@pytest.mark.parametrize("stars", [0, 1, 2])
def test_jinyuan_low_stars_bring_admonition_supervision_and_a_rectification_deadline(stars):
    rows = fired(JINYUAN, star_years((2022, 4), (2023, stars)))
    assert rows == {
        ("J2", "secretary_follow_up", "leader", "2023", "liu", (2023,)),
        ("J2", "rectification", "leader", "2023", "liu", (2023,)),
    }
    rectification = next(
        each for each in rules_fire(JINYUAN, star_years((2023, stars))) if each.action == "rectification"
    )
    assert rectification.deadline_days == 90


def test_jinyuan_a_star_removed_that_lowers_the_year_to_two_brings_the_supervision_and_back_at_three_nothing():
    before = star_years((2022, 5), (2023, 3))
    after_removal = star_years((2022, 5), (2023, 2))
    assert not fired(JINYUAN, before)
    assert codes(JINYUAN, after_removal) == {"J2"}


def test_jinyuan_low_stars_twice_in_the_term_bring_organizational_handling_not_only_in_a_row():
    rows = fired(JINYUAN, star_years((2021, 2), (2022, 5), (2024, 1)))
    assert ("J3", "organizational_handling", "leader", "term:2021-2025", "liu", (2021, 2024)) in rows
    # Each low year has its own supervision as well.
    assert {row[3] for row in rows if row[1] == "secretary_follow_up"} == {"2021", "2024"}


def test_jinyuan_low_stars_once_in_each_of_two_terms_are_not_twice_in_a_term():
    rows = fired(JINYUAN, star_years((2020, 2), (2021, 1)), terms=(EARLIER_TERM, TERM_2021))
    assert "J3" not in {row[0] for row in rows}
    assert {row[3] for row in rows if row[0] == "J2"} == {"2020", "2021"}


def test_jinyuan_low_stars_outside_a_recorded_term_bring_supervision_but_no_organizational_handling():
    assert codes(JINYUAN, star_years((2022, 1), (2023, 0)), terms=()) == {"J2"}
