"""Award nominations (评先评优): everyone reads the list and its .xlsx in their own scope; the level above nominates
(the street over its communities, the district; the other street's staff nominates below its own street, so not
this community: 400, it is not among the choices); the district organization department confirms or rejects; the
nominator's side withdraws. The API alike."""

from evaluations.models import AwardNomination
from tests.permissions.expectations import (
    API_ANONYMOUS,
    DISTRICT_ADMIN,
    OUTSIDE_OF_COMMUNITY,
    STREET_AND_UP,
    Case,
    community_scope,
    everyone,
    only,
    pk_of,
)


def _nomination(district) -> AwardNomination:
    if not hasattr(district, "award_nomination"):
        district.award_nomination = AwardNomination.objects.create(
            year=2025,
            award="advanced_organization",
            organization=district.community,
            reason="服务群众成效显著",
            nominated_by=district.users["street_staff"],
        )
    return district.award_nomination


def _awaiting(year: int):
    """A nomination of its own for one decision, so that one case's decision does not end another's."""

    def nomination(district) -> AwardNomination:
        return AwardNomination.objects.get_or_create(
            year=year,
            award="advanced_organization",
            organization=district.community,
            defaults={"reason": "服务群众成效显著", "nominated_by": district.users["street_staff"]},
        )[0]

    return nomination


def _nominated(year: int):
    def data(district) -> dict:
        return {
            "year": str(year),
            "award": "advanced_organization",
            "organization": str(district.community.pk),
            "reason": "服务群众成效显著",
        }

    return data


CASES = {
    "evaluations:nomination_list": [
        Case(expected=everyone(200)),
        Case(query="?year=2026&award=outstanding_member&status=submitted&street=999999", expected=everyone(200)),
    ],
    "evaluations:nomination_export": [Case(expected=everyone(200))],
    "evaluations:nomination_create": [
        Case(expected=only([*STREET_AND_UP, "outsider"])),
        Case(method="post", data=_nominated(2026), expected=only(STREET_AND_UP, ok=302) | {"outsider": 400}),
    ],
    "evaluations:nomination_decide": [
        Case(
            method="post",
            kwargs=pk_of(_nomination),
            data={"decision": "reject", "rejection_reason": "名额已满"},
            expected=only(DISTRICT_ADMIN, ok=302, out_of_scope=OUTSIDE_OF_COMMUNITY),
        )
    ],
    "evaluations:nomination_withdraw": [
        Case(
            method="post",
            kwargs=pk_of(_nomination),
            expected=only(STREET_AND_UP, ok=302, out_of_scope=OUTSIDE_OF_COMMUNITY),
        )
    ],
    "api-award-nomination-list": [
        Case(expected=everyone(200, anonymous=API_ANONYMOUS)),
        Case(
            method="post",
            data=lambda district: _nominated(2027)(district) | {"year": 2027, "organization": district.community.pk},
            expected=only(STREET_AND_UP, ok=201, out_of_scope=OUTSIDE_OF_COMMUNITY, anonymous=API_ANONYMOUS),
        ),
    ],
    "api-award-nomination-detail": [
        Case(
            kwargs=pk_of(_nomination),
            expected=community_scope(anonymous=API_ANONYMOUS),
        )
    ],
    "api-award-nomination-confirm": [
        Case(
            method="post",
            kwargs=pk_of(_awaiting(2021)),
            expected=only(DISTRICT_ADMIN, ok=200, out_of_scope=OUTSIDE_OF_COMMUNITY, anonymous=API_ANONYMOUS),
        )
    ],
    "api-award-nomination-reject": [
        Case(
            method="post",
            kwargs=pk_of(_awaiting(2022)),
            data={"rejection_reason": "名额已满"},
            expected=only(DISTRICT_ADMIN, ok=200, out_of_scope=OUTSIDE_OF_COMMUNITY, anonymous=API_ANONYMOUS),
        )
    ],
    "api-award-nomination-withdraw": [
        Case(
            method="post",
            kwargs=pk_of(_awaiting(2023)),
            expected=only(STREET_AND_UP, ok=200, out_of_scope=OUTSIDE_OF_COMMUNITY, anonymous=API_ANONYMOUS),
        )
    ],
}
