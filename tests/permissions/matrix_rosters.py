"""Roster import (the district administrator's) and export (whoever reads the members, in scope)."""

from tests.permissions.expectations import OUTSIDE_OF_COMMUNITY, Case, district_admin_only, member_readers, pk_of

CASES = {
    "roster_import": [Case(expected=district_admin_only())],
    "roster_import_detail": [Case(kwargs=pk_of("import_job"), expected=district_admin_only())],
    "roster_import_progress": [Case(kwargs=pk_of("import_job"), expected=district_admin_only())],
    "roster_template": [Case(kwargs=lambda district: {"kind": "members"}, expected=district_admin_only())],
    "roster_export": [
        Case(
            query="?kind=members&format=csv&org={community}",
            expected=member_readers(out_of_scope=OUTSIDE_OF_COMMUNITY),
        )
    ],
}
