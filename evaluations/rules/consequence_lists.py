"""The lists of consequences (结果运用清单, seeds 000 and 004): which list each action of a rule puts a subject on.
Pure: actions in, list codes out."""

from enum import StrEnum

from scoring.engine.consequences import Action


class ConsequenceList(StrEnum):
    WEAK_AND_LAX = "weak_and_lax"
    AWARD_INELIGIBLE = "award_ineligible"
    TALKS = "talks"
    NOT_NOMINATED = "not_nominated"
    TERM_REVIEW = "term_review"
    COMMENDATION = "commendation"
    OTHER = "other"


# The order of the tabs on the page; an action not named here is on the list of the rest.
LIST_ACTIONS: dict[ConsequenceList, tuple[Action, ...]] = {
    ConsequenceList.WEAK_AND_LAX: (Action.WEAK_AND_LAX,),
    ConsequenceList.AWARD_INELIGIBLE: (Action.AWARD_INELIGIBLE_YEAR, Action.AWARD_INELIGIBLE_TERM),
    # A secretary's admonition supervision (诫勉监督, seed 001) begins with a talk: it is on the list of talks due.
    ConsequenceList.TALKS: (Action.ADMONITION_TALK, Action.SECRETARY_FOLLOW_UP),
    ConsequenceList.NOT_NOMINATED: (Action.NOT_NOMINATED,),
    ConsequenceList.TERM_REVIEW: (Action.TERM_REVIEW_NOT_EXCELLENT,),
    ConsequenceList.COMMENDATION: (Action.COMMENDATION_CANDIDATE, Action.ADVANCED_ORGANIZATION, Action.HONOURS_FIRST),
}
NAMED_ACTIONS = frozenset(action for actions in LIST_ACTIONS.values() for action in actions)
LIST_ACTIONS[ConsequenceList.OTHER] = tuple(action for action in Action if action not in NAMED_ACTIONS)


def list_of(action: str) -> ConsequenceList:
    """The list an action puts its subject on."""
    for code, actions in LIST_ACTIONS.items():
        if action in actions:
            return code
    return ConsequenceList.OTHER
