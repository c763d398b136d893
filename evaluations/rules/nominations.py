"""Award eligibility (评先评优) from the consequences in force, pure: which consequences bar a nomination for a year
and which recommend the subject. Seed 000: "被评为二星级的，取消…当年评先评优资格" (that year), "任期内两次及以上被评为
三星级的，取消…评先评优资格" (the committee term holding the year); seed 004: five stars, "先进党组织… 优先评先评优"."""

from scoring.engine.consequences import Action

BARRING_ACTIONS = (Action.AWARD_INELIGIBLE_YEAR, Action.AWARD_INELIGIBLE_TERM)
RECOMMENDING_ACTIONS = (Action.COMMENDATION_CANDIDATE, Action.ADVANCED_ORGANIZATION, Action.HONOURS_FIRST)
TERM_PREFIX = "term:"


def term_years(occasion: str) -> tuple[int, int] | None:
    """The first and last year of a committee term occasion ("term:2021-2025"), None for another occasion."""
    if not occasion.startswith(TERM_PREFIX):
        return None
    start, _dash, end = occasion.removeprefix(TERM_PREFIX).partition("-")
    if not (start.isdigit() and end.isdigit()):
        return None
    return int(start), int(end)


def holds_for(*, occasion: str, consequence_year: int, year: int) -> bool:
    """Whether a consequence speaks of the award year: a term's consequence for every year of the term, any other
    for the year of its result."""
    term = term_years(occasion)
    if term is not None:
        return term[0] <= year <= term[1]
    return consequence_year == year


def bars(*, action: str, occasion: str, consequence_year: int, year: int) -> bool:
    """Whether a consequence in force takes the award eligibility for the year: "this year" bars the year of its
    result, "this term" every year of the term (the year of its result when the rule counted no term)."""
    if action == Action.AWARD_INELIGIBLE_YEAR:
        return consequence_year == year
    if action == Action.AWARD_INELIGIBLE_TERM:
        return holds_for(occasion=occasion, consequence_year=consequence_year, year=year)
    return False


def recommends(*, action: str, occasion: str, consequence_year: int, year: int) -> bool:
    """Whether a consequence in force puts the subject on a commendation list for the award year."""
    return action in RECOMMENDING_ACTIONS and holds_for(occasion=occasion, consequence_year=consequence_year, year=year)
