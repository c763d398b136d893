"""Runs of the consequence job take turns on a street and go on at once on different streets: while another
transaction holds 东城街道's lock (as a run over its organizations does, chunk by chunk), a run over 西城街道 ends at
once, and a run over 东城第一社区党委 waits, then writes its rows once the lock is released."""

import pytest

from evaluations.models import Consequence
from evaluations.services.consequences import consequences_apply
from evaluations.services.street_turns import CONSEQUENCES, TURNS_SQL
from orgs.tree import street_path_of
from tests.support.consequences import approved, rule_sets_loaded, yearly_campaign
from tests.support.locks import WAIT_SECONDS, Stepped, session_holding

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rated(district):
    """Both organizations two stars in 2024 (rule Y4): each gets its consequences when the job runs over it."""
    rule_sets_loaded("yucheng_3plus2")
    campaign = yearly_campaign(district.district, 2024)
    for community in (district.community, district.other_community):
        approved(campaign, community, 2)
    return district


def _applied(organization) -> Stepped:
    return Stepped(lambda: consequences_apply(organization_ids=[organization.pk], cause="approval"))


def test_a_run_waits_for_its_street_and_not_for_another(rated):
    east, west = rated.community, rated.other_community
    held = session_holding((TURNS_SQL, [CONSEQUENCES, [street_path_of(east.path)]]))
    runs = []
    try:
        runs.append(_applied(west))
        assert runs[-1].ended_within(WAIT_SECONDS)  # 西城街道 is not held: the run ends at once
        assert Consequence.objects.filter(organization=west).exists()
        runs.append(_applied(east))
        assert not runs[-1].ended_within(1.5)  # 东城街道 is held: the run waits for it
        assert not Consequence.objects.filter(organization=east).exists()
    finally:
        held.rollback()
        held.close()
        for run in runs:
            run.join()
    assert all(run.done.is_set() for run in runs)
    assert Consequence.objects.filter(organization=east).exists()
