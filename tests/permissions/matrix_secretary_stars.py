"""Secretaries' star management: everyone who sees the secretary reads the board and the history, the street and
the district propose, the district organization department decides, removes, undoes, keeps the lists and files the
year."""

from datetime import date

from evaluations.models import SecretaryStarChange
from evaluations.services.secretary_stars.changes import star_change_propose, star_remove
from evaluations.services.secretary_stars.cycle import star_cycle_open, star_levels_approve, star_levels_file
from tests.permissions.expectations import (
    API_ANONYMOUS,
    COMMUNITY_READERS,
    OUTSIDE_OF_COMMUNITY,
    OUTSIDE_OF_STREET,
    Case,
    community_scope,
    district_admin_only,
    everyone,
    only,
    pk_of,
    street_and_up,
)
from tests.support.secretary_stars import approved, evidence, jinyuan_rule_set, rule

# Whoever holds "view evaluations" anywhere sees the board (scoped to what they see); the member and nobody do not.
BOARD_READERS = [*COMMUNITY_READERS, "outsider"]
# The annual assessment: the district and the staff of each street (the outsider is the other street's staff).
ASSESSMENT_READERS = ["district_admin", "street_staff", "outsider", "superuser"]
# A district's year: below the district nobody sees it.
OUTSIDE_OF_DISTRICT = ["street_staff", "org_admin", "member", "outsider", "nobody"]


def star_secretary(district):
    """The community's secretary, with the rule set loaded and stars approved in 2025."""
    if not hasattr(district, "star_proposal"):
        rule_set = jinyuan_rule_set()
        approved(district, district.secretary, rule_set, "B1", 2, 2025, on=date(2025, 1, 1))
        district.star_removal = star_remove(
            secretary=district.secretary,
            stars=1,
            effective_on=date(2025, 6, 1),
            reason="舆情",
            uploads=[evidence()],
            by=district.users["district_admin"],
            rule_set=rule_set,
        )
        district.star_proposal = star_change_propose(
            secretary=district.secretary,
            year=2025,
            rule=rule(rule_set, "A1"),
            stars=1,
            effective_on=date(2025, 9, 1),
            reason="增收",
            uploads=[evidence()],
            by=district.users["street_staff"],
        )
    return district.secretary


def star_proposal(district) -> SecretaryStarChange:
    star_secretary(district)
    return district.star_proposal


def star_removal(district) -> SecretaryStarChange:
    star_secretary(district)
    return district.star_removal


def star_evidence(district):
    return star_removal(district).evidence.get()


def star_record(district):
    return star_removal(district).record


def filed_cycle(district):
    """The district's 2024 star year, approved and filed."""
    if not hasattr(district, "star_cycle"):
        admin = district.users["district_admin"]
        cycle = star_cycle_open(
            scope=district.district, year=2024, rule_set=jinyuan_rule_set(), template=None, trained_on=None, by=admin
        )
        star_levels_approve(cycle=cycle, by=admin)
        district.star_cycle = star_levels_file(cycle=cycle, by=admin)
    return district.star_cycle


def assessment_street(district) -> dict:
    """The street whose annual assessment is read or proposed, with the rule set loaded."""
    jinyuan_rule_set()
    return {"pk": district.street.pk}


def assessment_query(district, *, street: bool = False) -> str:
    """The year assessed, for the user's widest scope or the street, with the rule set loaded."""
    pk = assessment_street(district)["pk"]
    return f"?year=2026&organization={pk}" if street else "?year=2026"


def district_cycle(*, ok: object = 200):
    return only(["district_admin", "superuser"], out_of_scope=OUTSIDE_OF_DISTRICT, ok=ok)


CASES = {
    "evaluations:secretary_star_board": [Case(expected=only(BOARD_READERS))],
    "evaluations:secretary_star_history": [Case(kwargs=pk_of(star_secretary), expected=community_scope())],
    "evaluations:secretary_star_propose": [
        Case(kwargs=pk_of(star_secretary), expected=street_and_up()),
        # Nothing filled in: a role allowed to act sees the form again with the problems; nothing is written.
        Case(method="post", kwargs=pk_of(star_secretary), expected=street_and_up(ok=400)),
    ],
    "evaluations:secretary_star_remove": [
        Case(kwargs=pk_of(star_secretary), expected=district_admin_only(out_of_scope=OUTSIDE_OF_COMMUNITY))
    ],
    # Without a decision or a reason: a role allowed to act is told what is missing; nothing changes.
    "evaluations:secretary_star_change_decide": [
        Case(
            method="post",
            kwargs=pk_of(star_proposal),
            data={"decision": "", "note": ""},
            expected=district_admin_only(out_of_scope=OUTSIDE_OF_COMMUNITY, ok=302),
        )
    ],
    "evaluations:secretary_star_change_undo": [
        Case(
            method="post",
            kwargs=pk_of(star_removal),
            data={"reason": ""},
            expected=district_admin_only(out_of_scope=OUTSIDE_OF_COMMUNITY, ok=302),
        )
    ],
    "evaluations:secretary_star_evidence": [Case(kwargs=pk_of(star_evidence), expected=community_scope())],
    "evaluations:secretary_star_lists": [Case(expected=district_admin_only())],
    "evaluations:secretary_star_lists_export": [Case(expected=district_admin_only())],
    "evaluations:secretary_supervision_set": [
        Case(
            method="post",
            kwargs=pk_of(star_record),
            data={"deadline": "", "note": ""},
            expected=district_admin_only(out_of_scope=OUTSIDE_OF_COMMUNITY, ok=302),
        )
    ],
    # The district runs the year; a street's staff see their street's annual assessment on the same page.
    "evaluations:secretary_star_cycles": [Case(expected=only(ASSESSMENT_READERS))],
    # Without a year: a role allowed to act is told so (the page again); nothing is proposed.
    "evaluations:secretary_star_assessment_propose": [
        Case(
            method="post",
            kwargs=assessment_street,
            data={"year": ""},
            expected=street_and_up(out_of_scope=OUTSIDE_OF_STREET, ok=302),
        )
    ],
    "evaluations:secretary_star_assessment_export": [
        Case(
            kwargs=lambda district: assessment_street(district) | {"year": 2026},
            expected=street_and_up(out_of_scope=OUTSIDE_OF_STREET),
        )
    ],
    "evaluations:secretary_star_cycle_approve": [
        Case(method="post", kwargs=pk_of(filed_cycle), expected=district_cycle(ok=302))
    ],
    "evaluations:secretary_star_cycle_file": [
        Case(method="post", kwargs=pk_of(filed_cycle), expected=district_cycle(ok=302))
    ],
    "evaluations:secretary_star_filing_sheet": [Case(kwargs=pk_of(filed_cycle), expected=district_cycle())],
    # The API: scoped lists, a record and a change of the community, and the district's actions on a change
    "api-secretary-star-record-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-secretary-star-record-detail": [
        Case(kwargs=pk_of(star_record), expected=community_scope(anonymous=API_ANONYMOUS))
    ],
    # The annual assessment: the district and each street's staff (for their street by default).
    "api-secretary-star-assessment-list": [
        Case(
            query=lambda district: assessment_query(district),
            expected=only(ASSESSMENT_READERS, anonymous=API_ANONYMOUS),
        ),
        Case(
            query=lambda district: assessment_query(district, street=True),
            # Who proposes nowhere is refused before the street is looked up; the other street's staff find nothing.
            expected=street_and_up(out_of_scope=["outsider"], anonymous=API_ANONYMOUS),
        ),
    ],
    # Without a year: a role allowed to act is told what is missing (400); nothing is proposed.
    "api-secretary-star-assessment-propose": [
        Case(method="post", data={"year": ""}, expected=only(ASSESSMENT_READERS, ok=400, anonymous=API_ANONYMOUS))
    ],
    "api-secretary-star-change-list": [
        Case(expected=everyone(200, anonymous=API_ANONYMOUS)),
        # A multipart proposal naming the tenure and nothing else: a role allowed to propose is told what is missing.
        Case(
            method="post",
            data=lambda district: {"secretary": str(star_secretary(district).pk)},
            expected=street_and_up(ok=400, anonymous=API_ANONYMOUS),
        ),
    ],
    "api-secretary-star-change-remove": [
        Case(
            method="post",
            data=lambda district: {"secretary": str(star_secretary(district).pk)},
            expected=district_admin_only(out_of_scope=OUTSIDE_OF_COMMUNITY, ok=400, anonymous=API_ANONYMOUS),
        )
    ],
    "api-secretary-star-change-detail": [
        Case(kwargs=pk_of(star_proposal), expected=community_scope(anonymous=API_ANONYMOUS))
    ],
    # Without a decision or a reason: a role allowed to act is told what is missing (400); nothing changes.
    "api-secretary-star-change-decide": [
        Case(
            method="post",
            kwargs=pk_of(star_proposal),
            expected=district_admin_only(out_of_scope=OUTSIDE_OF_COMMUNITY, ok=400, anonymous=API_ANONYMOUS),
        )
    ],
    "api-secretary-star-change-undo": [
        Case(
            method="post",
            kwargs=pk_of(star_removal),
            data={"reason": ""},
            expected=district_admin_only(out_of_scope=OUTSIDE_OF_COMMUNITY, ok=400, anonymous=API_ANONYMOUS),
        )
    ],
}
