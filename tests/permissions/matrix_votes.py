"""Satisfaction votes: the resident's pages need no login; the survey pages follow the street's scope."""

from tests.permissions.expectations import (
    API_ANONYMOUS,
    OUTSIDE_OF_BRANCH,
    SURVEY_READERS,
    Case,
    everyone,
    only,
    pk_of,
    public,
    street_and_up,
    survey_readers,
)

CASES = {
    "evaluations:vote_code_enter": [
        Case(kwargs=lambda d: {"code": "A" * 22}, expected=public(404)),
        Case(kwargs=lambda d: {"code": d.vote_code}, expected=public(302)),
    ],
    "evaluations:vote_ballot": [Case(expected=public(200))],
    "evaluations:vote_thanks": [Case(expected=public(200))],
    "evaluations:survey_list": [Case(expected=everyone(200))],
    "evaluations:survey_new": [Case(kwargs=lambda d: {"pk": d.survey.evaluation_id}, expected=street_and_up())],
    "evaluations:survey_detail": [Case(kwargs=pk_of("survey"), expected=survey_readers())],
    # The members of the community's branch vote.
    "evaluations:survey_member_vote": [
        Case(kwargs=pk_of("survey"), expected=only(["member"], out_of_scope=OUTSIDE_OF_BRANCH))
    ],
    "evaluations:vote_codes_print": [Case(method="post", kwargs=pk_of("survey"), expected=street_and_up(ok=302))],
    "evaluations:survey_close": [Case(method="post", kwargs=pk_of("survey"), expected=street_and_up(ok=302))],
    # API: each street's staff lists the surveys of their own street.
    "api-survey-list": [Case(expected=only([*SURVEY_READERS, "outsider"], anonymous=API_ANONYMOUS))],
    "api-survey-detail": [Case(kwargs=pk_of("survey"), expected=survey_readers(anonymous=API_ANONYMOUS))],
}
