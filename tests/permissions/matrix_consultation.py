"""The joint review ("X+2"): set-up and overview by the district, opinions by a department's reviewer, on the
pages and through the API."""

from tests.permissions.expectations import (
    API_ANONYMOUS,
    OUTSIDE_OF_CAMPAIGN,
    OUTSIDE_OF_COMMUNITY,
    Case,
    department_reviewer_only,
    district_admin_on_campaign,
    everyone,
    only,
    pk_of,
)
from tests.permissions.objects import opinion

CASES = {
    "evaluations:campaign_stages": [Case(kwargs=pk_of("campaign"), expected=district_admin_on_campaign())],
    "evaluations:consultation_opinions": [
        Case(kwargs=pk_of("campaign"), expected=department_reviewer_only(out_of_scope=OUTSIDE_OF_CAMPAIGN))
    ],
    "evaluations:consultation_overview": [Case(kwargs=pk_of("campaign"), expected=district_admin_on_campaign())],
    "evaluations:consultation_close": [
        Case(method="post", kwargs=pk_of("campaign"), expected=district_admin_on_campaign(ok=302))
    ],
    # API
    "api-opinion-list": [
        Case(expected=everyone(200, anonymous=API_ANONYMOUS)),
        Case(
            method="post",
            # The evaluation is not at the consultation stage: a reviewer (and a superuser, who belongs to no
            # department) reaches the service and is refused with its message.
            data=lambda d: {"evaluation": d.evaluation.pk, "kind": "no_objection"},
            expected=department_reviewer_only(out_of_scope=OUTSIDE_OF_COMMUNITY, anonymous=API_ANONYMOUS, ok=400),
        ),
    ],
    # The street does not read the departments' opinions.
    "api-opinion-detail": [
        Case(
            kwargs=pk_of(opinion),
            expected=only(
                ["district_admin", "department_reviewer", "superuser"],
                out_of_scope=OUTSIDE_OF_COMMUNITY,
                anonymous=API_ANONYMOUS,
            ),
        )
    ],
}
