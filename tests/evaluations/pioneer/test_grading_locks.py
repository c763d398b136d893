"""Branches are graded at once across streets (a province's thousands submit their reviews in the same days) and
take turns within a street or with a step over the whole campaign: while another session holds 东城街道's turn,
a branch of 西城街道 is graded at once and a branch of 东城街道 waits; while a step over the whole campaign holds the
campaign, every branch waits; each then goes on once the lock is released."""

import pytest

from evaluations.services.pioneer.grades import CAMPAIGN_SHARED_SQL, pioneer_grades_compute
from evaluations.services.street_turns import PIONEER_GRADES, TURNS_SQL
from orgs.models import AuditEvent
from orgs.tree import street_path_of
from tests.support.locks import WAIT_SECONDS, Stepped, session_holding
from tests.support.pioneer import open_pioneer_campaign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _graded(district, campaign, branch, by: str) -> Stepped:
    return Stepped(lambda: pioneer_grades_compute(campaign=campaign, branch=branch, by=district.users[by]))


def _grading_audits(branch) -> int:
    return sum(
        1
        for detail in AuditEvent.objects.filter(action="pioneer_grades_compute").values_list("detail", flat=True)
        if detail["branch"] == branch.pk
    )


def _released(held, steps) -> None:
    held.rollback()
    held.close()
    for step in steps:
        step.join()


def test_a_branch_waits_for_its_streets_turn_and_not_for_another_street(district):
    campaign = open_pioneer_campaign(district)
    east, west = district.branch, district.other_branch
    held = session_holding((TURNS_SQL, [PIONEER_GRADES, [street_path_of(east.path)]]))
    steps = []
    try:
        steps.append(_graded(district, campaign, west, "superuser"))
        assert steps[-1].ended_within(WAIT_SECONDS)
        assert _grading_audits(west) == 1
        steps.append(_graded(district, campaign, east, "superuser"))
        assert not steps[-1].ended_within(1.5)
        assert _grading_audits(east) == 0
    finally:
        _released(held, steps)
    assert _grading_audits(east) == 1


def test_every_branch_waits_for_a_step_over_the_whole_campaign(district):
    campaign = open_pioneer_campaign(district)
    held = session_holding((CAMPAIGN_SHARED_SQL.replace("FOR SHARE", "FOR UPDATE"), [campaign.pk]))
    steps = []
    try:
        steps.append(_graded(district, campaign, district.other_branch, "superuser"))
        assert not steps[-1].ended_within(1.5)
        assert _grading_audits(district.other_branch) == 0
    finally:
        _released(held, steps)
    assert _grading_audits(district.other_branch) == 1
