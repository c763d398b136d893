"""Which consequences bar or recommend a subject for an award year, pure: "this year" bars the year of its result
only, "this term" every year of the committee term, and the commendation lists speak of the year or the term."""

import pytest

from evaluations.rules.nominations import bars, recommends, term_years


@pytest.mark.parametrize(
    ("action", "occasion", "consequence_year", "year", "barred"),
    [
        ("award_ineligible_year", "2024", 2024, 2024, True),
        ("award_ineligible_year", "2024", 2024, 2025, False),
        ("award_ineligible_year", "2024", 2024, 2023, False),
        ("award_ineligible_term", "term:2021-2025", 2023, 2021, True),
        ("award_ineligible_term", "term:2021-2025", 2023, 2025, True),
        ("award_ineligible_term", "term:2021-2025", 2023, 2026, False),
        # A term action of a rule that counted no term: the year of its result.
        ("award_ineligible_term", "2024", 2024, 2024, True),
        ("award_ineligible_term", "2024", 2024, 2025, False),
        ("term_review_not_excellent", "term:2021-2025", 2023, 2023, False),
        ("commendation_candidate", "term:2021-2025", 2023, 2023, False),
    ],
)
def test_what_bars_an_award_year(action, occasion, consequence_year, year, barred):
    assert bars(action=action, occasion=occasion, consequence_year=consequence_year, year=year) is barred


def test_a_commendation_list_speaks_of_its_year_or_its_term():
    assert recommends(action="commendation_candidate", occasion="term:2021-2025", consequence_year=2022, year=2024)
    assert recommends(action="honours_first", occasion="2023-05", consequence_year=2023, year=2023)
    assert not recommends(action="advanced_organization", occasion="2023-05", consequence_year=2023, year=2024)
    assert not recommends(action="award_ineligible_year", occasion="2024", consequence_year=2024, year=2024)


def test_a_term_occasion_is_read_and_anything_else_is_not():
    assert term_years("term:2021-2025") == (2021, 2025)
    assert term_years("2024") is None and term_years("term:abc") is None and term_years("2024-03") is None
