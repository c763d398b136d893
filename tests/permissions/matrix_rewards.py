"""The rewards ledger (seed 001): a secretary's ledger for those who run, review or approve the rating and the
secretary's own organization; the street and district tables and their export for the street and the district;
computing and correcting for the district administrator."""

from tests.permissions.expectations import API_ANONYMOUS, DISTRICT_ADMIN, LOGIN, Case, everyone, only, pk_of
from tests.permissions.objects import reward_entry

READERS = ["district_admin", "district_approver", "street_staff", "superuser"]
OUTSIDE = ["member", "outsider", "nobody"]


def secretary(district):
    return {"pk": district.secretary.pk}


def street_year(district):
    return {"pk": district.street.pk, "year": 2026}


def district_year(district):
    return {"pk": district.district.pk, "year": 2026}


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
    # API
    "api-reward-entry-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-reward-entry-detail": [
        Case(
            kwargs=pk_of(reward_entry),
            expected=only([*READERS, "org_admin"], refused=404, anonymous=API_ANONYMOUS),
        )
    ],
}
