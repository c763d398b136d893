"""The administrator's command applies the rules to every organization as a run of the lists page's kind, street by
street in its own process, or to the organizations given by code in one go."""

from io import StringIO

import pytest
from django.core.management import call_command

from evaluations.models import ComputationStatus, Consequence, ConsequenceRun
from evaluations.selectors.consequence_runs import consequences_last_run
from orgs.models import Organization
from tests.support.consequences import approved, rule_sets_loaded, yearly_campaign

pytestmark = pytest.mark.postgres


@pytest.fixture
def rated(district):
    rule_sets_loaded("yucheng_3plus2")
    campaign = yearly_campaign(district.district, 2024)
    for community in (district.community, district.other_community):
        approved(campaign, community, 2)
    return district


def test_the_command_runs_over_every_organization_street_by_street_and_says_what_changed(rated):
    output = StringIO()
    call_command("apply_consequences", stdout=output)
    run = ConsequenceRun.objects.get()
    added = Consequence.objects.count()
    assert (run.status, run.cause, run.added) == (ComputationStatus.SUCCEEDED, "command", added) and added > 0
    assert run.streets.count() == 3 and run.organizations == Organization.objects.count()
    assert output.getvalue().startswith(f"{run.organizations} ")
    last = consequences_last_run()
    assert (last.cause, last.every_organization, last.added) == ("command", True, added)

    call_command("apply_consequences", rated.community.code, stdout=StringIO())
    assert ConsequenceRun.objects.count() == 1  # a few organizations: one go, no run
    assert consequences_last_run().every_organization is False
