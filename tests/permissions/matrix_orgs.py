"""The organization tree and the member roster, as pages and through the API (with the API's own routes)."""

from tests.permissions.expectations import (
    API_ANONYMOUS,
    COMMUNITY_READERS,
    OUTSIDE_OF_BRANCH,
    OUTSIDE_OF_COMMUNITY,
    Case,
    community_scope,
    everyone,
    member_readers,
    member_readers_in_own_scope,
    only,
    pk_of,
    street_and_up,
)

CASES = {
    "org_tree": [Case(expected=everyone(200))],
    "org_detail": [
        Case(kwargs=pk_of("community"), expected=community_scope()),
        # The branch: its member sees it too.
        Case(kwargs=pk_of("branch"), expected=only([*COMMUNITY_READERS, "member"], out_of_scope=OUTSIDE_OF_BRANCH)),
    ],
    "org_children": [Case(kwargs=pk_of("community"), expected=community_scope())],
    "member_list": [
        Case(expected=member_readers_in_own_scope()),
        Case(query="?org={community}", expected=member_readers(out_of_scope=OUTSIDE_OF_COMMUNITY)),
    ],
    "member_detail": [Case(kwargs=pk_of("member"), expected=member_readers(out_of_scope=OUTSIDE_OF_BRANCH))],
    "member_reveal": [
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.member.pk, "field": "id_card"},
            expected=street_and_up(out_of_scope=OUTSIDE_OF_BRANCH),
        )
    ],
    # API
    "api-root": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-me": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    # Revoking one's own API token: everyone may, anonymous has none.
    "api-me-token": [Case(method="delete", expected=everyone(204, anonymous=API_ANONYMOUS))],
    "api-schema": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-docs": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-not-found": [
        Case(kwargs=lambda district: {"rest": "campaigns/abc/"}, expected=everyone(404, anonymous=API_ANONYMOUS))
    ],
    "api-organization-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-organization-detail": [
        Case(kwargs=pk_of("community"), expected=community_scope(anonymous=API_ANONYMOUS)),
    ],
    "api-member-list": [Case(expected=member_readers_in_own_scope(anonymous=API_ANONYMOUS))],
    "api-member-detail": [
        Case(
            kwargs=pk_of("member"),
            expected=member_readers(out_of_scope=OUTSIDE_OF_BRANCH, anonymous=API_ANONYMOUS),
        )
    ],
    "api-secretary-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-secretary-detail": [
        Case(kwargs=pk_of("secretary"), expected=community_scope(anonymous=API_ANONYMOUS)),
    ],
}
