"""The street's review: transitions, the street list with its bulk submit, the ledger; stages and transitions
through the API."""

from tests.permissions.expectations import (
    API_ANONYMOUS,
    OUTSIDE_OF_CAMPAIGN,
    OUTSIDE_OF_STREET,
    STREET_AND_UP,
    Case,
    campaign_participants,
    community_scope,
    everyone,
    only,
    pk_of,
    street_and_up,
)

CASES = {
    "evaluations:evaluation_transition": [
        # A return without a reason: refused (400) for whoever sees the evaluation, and nothing changes.
        Case(method="post", kwargs=pk_of("evaluation"), data={"action": "return"}, expected=community_scope(ok=400)),
    ],
    # Each street's staff on the streets of the campaign they take part in.
    "evaluations:campaign_streets": [
        Case(kwargs=pk_of("campaign"), expected=only([*STREET_AND_UP, "outsider"], out_of_scope=OUTSIDE_OF_CAMPAIGN)),
    ],
    "evaluations:street_submit_reviewed": [
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.campaign.pk, "street_pk": d.street.pk},
            expected=street_and_up(out_of_scope=OUTSIDE_OF_STREET, ok=302),
        )
    ],
    "evaluations:street_ledger": [
        Case(
            kwargs=lambda d, fmt=fmt: {"pk": d.campaign.pk, "street_pk": d.street.pk, "fmt": fmt},
            expected=street_and_up(out_of_scope=OUTSIDE_OF_STREET),
        )
        for fmt in ("xlsx", "pdf")
    ],
    # API
    "api-stage-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-stage-detail": [
        Case(
            kwargs=lambda d: {"pk": d.campaign.stages.first().pk},
            expected=campaign_participants(anonymous=API_ANONYMOUS),
        )
    ],
    "api-transition-list": [
        Case(expected=everyone(200, anonymous=API_ANONYMOUS)),
        Case(
            method="post",
            # The sibling community's evaluation waits at the street review: only its street moves it on.
            data=lambda d: {"evaluation": d.review_to_submit.pk, "action": "submit", "version": 0},
            expected=only(
                ["street_staff", "superuser"], out_of_scope=OUTSIDE_OF_STREET, anonymous=API_ANONYMOUS, ok=201
            ),
        ),
    ],
    "api-transition-detail": [Case(kwargs=pk_of("transition"), expected=community_scope(anonymous=API_ANONYMOUS))],
}
