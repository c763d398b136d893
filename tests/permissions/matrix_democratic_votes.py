"""The democratic vote (民主测评) of the member campaign: the branch's members fill in the sheet; whoever sees the
branch reads the vote; the branch secretary (the community's organization administrator) and the district
administrator open and close it and enter paper results."""

from tests.permissions.expectations import (
    API_ANONYMOUS,
    COMMUNITY_READERS,
    OUTSIDE_OF_BRANCH,
    OUTSIDE_OF_COMMUNITY,
    Case,
    community_scope,
    everyone,
    only,
)
from tests.support.democratic_votes import open_branch_vote, rated_by_name

VOTE_RUNNERS = ["district_admin", "org_admin", "superuser"]


def democratic_vote(district):
    """The branch's vote in a member campaign, open, nobody has voted yet."""
    if not hasattr(district, "democratic_vote"):
        district.democratic_vote = open_branch_vote(district)
    return district.democratic_vote


def _vote(district) -> dict:
    return {"pk": democratic_vote(district).pk}


def _member_evaluation(district) -> dict:
    return {"pk": rated_by_name(democratic_vote(district))["王五"].pk}


def runners(*, ok: object = 200, anonymous: object = "login"):
    return only(VOTE_RUNNERS, out_of_scope=OUTSIDE_OF_COMMUNITY, ok=ok, anonymous=anonymous)


def sheet_member(*, ok: object = 200, anonymous: object = "login"):
    return only(["member"], out_of_scope=OUTSIDE_OF_BRANCH, ok=ok, anonymous=anonymous)


CASES = {
    "evaluations:democratic_vote_list": [Case(expected=everyone(200))],
    "evaluations:democratic_vote_detail": [Case(kwargs=_vote, expected=community_scope())],
    "evaluations:democratic_sheet": [
        Case(kwargs=_vote, expected=sheet_member()),
        Case(method="post", kwargs=_vote, expected=sheet_member(ok=400)),  # an empty sheet: who is missing
    ],
    "evaluations:democratic_vote_close": [Case(method="post", kwargs=_vote, expected=runners(ok=302))],
    "evaluations:democratic_paper": [
        Case(kwargs=_vote, expected=runners()),
        Case(method="post", kwargs=_vote, expected=runners(ok=400)),  # the number of paper voters is missing
    ],
    "evaluations:democratic_vote_start": [
        Case(kwargs=_member_evaluation, expected=community_scope(ok=302)),
        Case(method="post", kwargs=_member_evaluation, expected=runners(ok=302)),
    ],
    "api-democratic-vote-list": [
        Case(expected=only([*COMMUNITY_READERS, "outsider"], anonymous=API_ANONYMOUS)),
    ],
    "api-democratic-vote-detail": [Case(kwargs=_vote, expected=community_scope(anonymous=API_ANONYMOUS))],
    "api-democratic-vote-sheet": [
        Case(kwargs=_vote, expected=sheet_member(anonymous=API_ANONYMOUS)),
        Case(method="post", kwargs=_vote, expected=sheet_member(ok=400, anonymous=API_ANONYMOUS)),
    ],
    "api-democratic-vote-close": [Case(method="post", kwargs=_vote, expected=runners(ok=400, anonymous=API_ANONYMOUS))],
    "api-democratic-vote-paper": [Case(method="post", kwargs=_vote, expected=runners(ok=400, anonymous=API_ANONYMOUS))],
}
