"""The rewards ledger (seed 001): a secretary's ledger for those who run, review or approve the rating and the
secretary's own organization; the street and district tables and their export for the street and the district;
computing and correcting for the district administrator. The circumstances the money needs (a normal departure,
collective economy growth): read with the ledger, recorded by the street and the district administrator, confirmed
by the district administrator."""

from datetime import date

from evaluations.models import CircumstanceKind
from evaluations.services.reward_circumstances import reward_circumstance_propose
from tests.factories import SecretaryFactory
from tests.permissions.expectations import (
    API_ANONYMOUS,
    DISTRICT_ADMIN,
    LOGIN,
    STREET_AND_UP,
    Case,
    everyone,
    only,
    pk_of,
)
from tests.permissions.objects import reward_entry
from tests.support.secretary_stars import evidence

READERS = ["district_admin", "district_approver", "street_staff", "superuser"]
OUTSIDE = ["member", "outsider", "nobody"]
# A village secretary of the street's other community: the community's administrator does not reach it.
OUTSIDE_OF_VILLAGE = ["org_admin", *OUTSIDE]


def secretary(district):
    return {"pk": district.secretary.pk}


def street_year(district):
    return {"pk": district.street.pk, "year": 2026}


def district_year(district):
    return {"pk": district.district.pk, "year": 2026}


def circumstance_record(district):
    """A normal departure of the street's village secretary, recorded by the street with a file, not yet decided."""
    if not hasattr(district, "circumstance_record"):
        village_secretary = SecretaryFactory(
            organization=district.sibling_community, started_on=date(2021, 1, 1), ended_on=date(2025, 6, 30)
        )
        district.circumstance_record = reward_circumstance_propose(
            secretary=village_secretary,
            year=2025,
            kind=CircumstanceKind.LEFT_NORMALLY,
            holds=True,
            growth_percent=None,
            reason="任期届满",
            uploads=[evidence()],
            by=district.users["street_staff"],
        )
    return district.circumstance_record


def village_secretary(district):
    return {"pk": circumstance_record(district).secretary_id}


def circumstance_evidence(district):
    return circumstance_record(district).evidence.get()


def circumstance_posted(district):
    """A post that names the tenure and nothing else: a role allowed to act is told what is missing (400)."""
    return {"secretary": str(circumstance_record(district).secretary_id)}


CASES = {
    "evaluations:secretary_rewards": [
        Case(kwargs=secretary, expected=only([*READERS, "org_admin"], out_of_scope=OUTSIDE))
    ],
    "evaluations:secretary_reward_correct": [
        Case(
            method="post",
            kwargs=secretary,
            data={"year": "2026", "kind": "pension_subsidy", "amount": "10", "reason": "财政已补发"},
            expected=only(DISTRICT_ADMIN, out_of_scope=OUTSIDE, ok=302),
        )
    ],
    "evaluations:rewards_index": [
        Case(expected=only([*READERS, "org_admin", "outsider"], refused=404, anonymous=LOGIN, ok=302)),
    ],
    "evaluations:rewards_table": [
        Case(kwargs=street_year, expected=only(READERS, out_of_scope=["org_admin", *OUTSIDE]))
    ],
    "evaluations:rewards_table_export": [
        Case(kwargs=street_year, expected=only(READERS, out_of_scope=["org_admin", *OUTSIDE]))
    ],
    "evaluations:rewards_compute": [
        Case(
            method="post",
            kwargs=district_year,
            data={"confirm": "on"},
            expected=only(DISTRICT_ADMIN, out_of_scope=["street_staff", "org_admin", *OUTSIDE], ok=302),
        )
    ],
    "evaluations:secretary_reward_circumstances": [
        Case(kwargs=village_secretary, expected=only(READERS, out_of_scope=OUTSIDE_OF_VILLAGE)),
        # Nothing filled in: a role that may record sees the form again with the problems; nothing is written.
        Case(
            method="post",
            kwargs=village_secretary,
            expected=only(STREET_AND_UP, out_of_scope=OUTSIDE_OF_VILLAGE, ok=400),
        ),
    ],
    # The other street's staff opens the list of its own street (nothing of this street).
    "evaluations:reward_circumstance_list": [Case(expected=only([*STREET_AND_UP, "outsider"]))],
    "evaluations:reward_circumstance_decide": [
        Case(
            method="post",
            kwargs=pk_of(circumstance_record),
            data={"decision": "", "note": ""},
            expected=only(DISTRICT_ADMIN, out_of_scope=OUTSIDE_OF_VILLAGE, ok=302),
        )
    ],
    "evaluations:reward_circumstance_evidence": [
        Case(kwargs=pk_of(circumstance_evidence), expected=only(READERS, out_of_scope=OUTSIDE_OF_VILLAGE))
    ],
    # API
    "api-reward-circumstance-change-list": [
        Case(expected=everyone(200, anonymous=API_ANONYMOUS)),
        Case(
            method="post",
            data=circumstance_posted,
            expected=only(STREET_AND_UP, out_of_scope=OUTSIDE_OF_VILLAGE, ok=400, anonymous=API_ANONYMOUS),
        ),
    ],
    "api-reward-circumstance-change-detail": [
        Case(kwargs=pk_of(circumstance_record), expected=only(READERS, refused=404, anonymous=API_ANONYMOUS))
    ],
    "api-reward-circumstance-change-decide": [
        Case(
            method="post",
            kwargs=pk_of(circumstance_record),
            expected=only(DISTRICT_ADMIN, out_of_scope=OUTSIDE_OF_VILLAGE, ok=400, anonymous=API_ANONYMOUS),
        )
    ],
    "api-reward-entry-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-reward-entry-detail": [
        Case(
            kwargs=pk_of(reward_entry),
            expected=only([*READERS, "org_admin"], refused=404, anonymous=API_ANONYMOUS),
        )
    ],
}
