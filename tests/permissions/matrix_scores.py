"""Scores per stage: the score sheet and its live preview, the "+1" sub-items, evidence, submitting, and the API."""

from tests.permissions.expectations import (
    API_ANONYMOUS,
    OUTSIDE_OF_STREET,
    Case,
    community_scope,
    pk_of,
    self_assessors,
    street_and_up,
)
from tests.support.evaluations import evaluation_of


def _upload(*, stage: str, expected) -> Case:
    """An evidence file for item A1.1 of the community's evaluation, at a stage."""
    return Case(
        method="post", kwargs=pk_of("evaluation"), query=f"?stage={stage}", data={"code": "A1.1"}, expected=expected
    )


CASES = {
    "evaluations:evaluation_scores": [
        Case(kwargs=pk_of("evaluation"), query="?stage=self_assessment", expected=self_assessors()),
        Case(kwargs=pk_of("evaluation"), query="?stage=review", expected=street_and_up()),
    ],
    "evaluations:evaluation_preview": [
        Case(method="post", kwargs=pk_of("evaluation"), query="?stage=review", expected=street_and_up()),
    ],
    "evaluations:personalised_items": [Case(kwargs=pk_of("evaluation"), expected=street_and_up())],
    "evaluations:evidence_upload": [
        _upload(stage="self_assessment", expected=self_assessors(ok=302)),
        _upload(stage="review", expected=street_and_up(ok=302)),
    ],
    "evaluations:evidence_download": [Case(kwargs=pk_of("evidence"), expected=community_scope())],
    "evaluations:evaluation_submit": [
        Case(method="post", kwargs=pk_of("evaluation_to_submit"), expected=self_assessors(ok=302)),
    ],
    "api-evaluation-scores": [
        Case(kwargs=pk_of("evaluation"), expected=community_scope(anonymous=API_ANONYMOUS)),
        Case(
            method="post",
            kwargs=pk_of("evaluation"),
            data={"stage": "self_assessment", "version": 0},
            expected=self_assessors(anonymous=API_ANONYMOUS),
        ),
        # The sibling community's review: the org admin's scope is another community.
        Case(
            method="post",
            kwargs=lambda d: {"pk": evaluation_of(d.campaign, d.sibling_community).pk},
            data={"stage": "review", "version": 0},
            expected=street_and_up(out_of_scope=OUTSIDE_OF_STREET, anonymous=API_ANONYMOUS),
        ),
    ],
}
