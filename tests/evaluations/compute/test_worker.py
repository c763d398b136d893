"""Real Celery workers on Redis compute a campaign street by street: two at once write the rows of one, and one
killed mid-way leaves its leased street to the other, which finishes with the rows of a clean run.

Each test starts its own worker subprocesses (tests/support/workers.py).
"""

import json
import signal
from decimal import Decimal

import pytest
from django.db import transaction

from evaluations.models import (
    CampaignComputation,
    CampaignComputationStreet,
    ComputationStatus,
    Evaluation,
    EvaluationResult,
    StreetStatus,
)
from evaluations.services.compute.request import campaign_compute_request
from evaluations.tasks import campaign_compute, campaign_compute_streets
from orgs.models import Level
from tests.factories import add_org
from tests.support.evaluations import evaluation_of, full_marks, open_community_campaign, save_scores
from tests.support.votes import cast_ballots
from tests.support.workers import workers_on_own_queue

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The first worker holds its run this long after the first street: far longer than the test waits for it.
PAUSE_SECONDS = 120
# Its lease: longer than the second worker takes to start, so that one finds the street held and looks again.
LEASE_SECONDS = 6


@pytest.fixture
def workers(tmp_path, monkeypatch):
    with workers_on_own_queue(
        (campaign_compute, campaign_compute_streets), "compute", tmp_path, monkeypatch
    ) as started:
        yield started


def _score_the_three_communities(district, campaign) -> dict[int, int]:
    """Scores that give 5, 4 and 3 stars; saving them queues the computation on commit. Returns the stars expected."""
    community = evaluation_of(campaign, district.community)
    sibling = evaluation_of(campaign, district.sibling_community)
    other = evaluation_of(campaign, district.other_community)
    cast_ballots(community, {"satisfied": 7, "unsatisfied": 3})
    plans = (
        (community, {}, 5),
        (sibling, {"C": Decimal(3)}, 4),
        (other, {"A": Decimal("2.5"), "B": Decimal("2.5")}, 3),
    )
    with transaction.atomic():
        for evaluation, taken, _stars in plans:
            save_scores(evaluation, full_marks(campaign.template, except_dimensions=taken))
    return {evaluation.pk: stars for evaluation, _taken, stars in plans}


def _all_finished(campaign) -> bool:
    computations = CampaignComputation.objects.filter(campaign=campaign)
    return computations.exists() and not computations.exclude(status=ComputationStatus.SUCCEEDED).exists()


def _result_rows(campaign) -> set[tuple]:
    return {
        (row[0], row[1], row[2], row[3], row[4], json.dumps(row[5], sort_keys=True), row[6])
        for row in EvaluationResult.objects.filter(evaluation__campaign=campaign).values_list(
            "evaluation_id", "stage", "stars", "total", "grade", "explanation", "inputs_fingerprint"
        )
    }


def test_a_worker_computes_the_campaign_queued_when_scores_are_saved(district, campaign, workers):
    workers.start()

    expected = _score_the_three_communities(district, campaign)

    workers.wait_for(lambda: _all_finished(campaign), "the computation to succeed")
    stars = dict(EvaluationResult.objects.filter(evaluation__campaign=campaign).values_list("evaluation_id", "stars"))
    assert stars == expected
    computation = CampaignComputation.objects.get(campaign=campaign)
    assert (computation.evaluations_count, computation.results_written) == (3, 3)


@pytest.fixture
def six_streets(district):
    """The district with four more streets of two communities each, and a campaign over its communities: six
    streets, eleven evaluations."""
    for street_number in range(3, 7):
        street = add_org(district.district, f"S0{street_number}", f"第{street_number}街道党工委", Level.STREET)
        for community_number in (1, 2):
            code = f"C0{street_number}0{community_number}"
            add_org(street, code, f"{code}社区党委", Level.COMMUNITY, domain="urban_community", org_type="community")
    return open_community_campaign(district)


def _score_every_community(campaign) -> None:
    """Scores that differ from one community to the next; saving them queues one computation on commit."""
    taken = ({}, {"C": Decimal(3)}, {"A": Decimal("2.5"), "B": Decimal("2.5")}, {"D": Decimal(1)})
    evaluations = Evaluation.objects.filter(campaign=campaign).order_by("organization__path")
    with transaction.atomic():
        for number, evaluation in enumerate(evaluations):
            save_scores(evaluation, full_marks(campaign.template, except_dimensions=taken[number % len(taken)]))


def _computed_by(campaign) -> dict[str, str]:
    """The last computation's streets and the worker that computed each."""
    computation = CampaignComputation.objects.filter(campaign=campaign).latest("pk")
    return dict(computation.streets.filter(status=StreetStatus.DONE).values_list("path", "worker"))


def test_two_workers_compute_the_streets_at_once_and_write_the_rows_of_one_worker(six_streets, workers):
    # Each worker takes a second for each street it computes (and reads one street ahead), so both take part.
    slow = {"CAMPAIGN_COMPUTE_PAUSE_AFTER_STREET_SECONDS": 1, "CAMPAIGN_COMPUTE_READ_AHEAD_STREETS": 1}
    workers.start(**slow)
    _score_every_community(six_streets)
    workers.wait_for(lambda: _all_finished(six_streets), "one worker's computation")
    one_worker = _result_rows(six_streets)
    assert len(one_worker) == 11 and len(set(_computed_by(six_streets).values())) == 1

    workers.start(**slow)
    EvaluationResult.objects.filter(evaluation__campaign=six_streets).delete()
    campaign_compute_request(campaign=six_streets)
    workers.wait_for(lambda: _all_finished(six_streets), "two workers' computation")
    assert _result_rows(six_streets) == one_worker
    computed_by = _computed_by(six_streets)
    assert len(computed_by) == 6 and len(set(computed_by.values())) == 2
    computation = CampaignComputation.objects.filter(campaign=six_streets).latest("pk")
    assert (computation.evaluations_count, computation.results_written) == (11, 11)


def test_a_worker_killed_mid_way_leaves_the_rows_of_a_clean_run(six_streets, workers):
    # The first worker computes a street, then waits holding the lease of the street it read ahead: killed there,
    # its message stays unacknowledged with the broker (for an hour), and only the lease frees that street.
    first = workers.start(
        CAMPAIGN_COMPUTE_PAUSE_AFTER_STREET_SECONDS=PAUSE_SECONDS,
        CAMPAIGN_COMPUTE_READ_AHEAD_STREETS=1,
        CAMPAIGN_COMPUTE_LEASE_SECONDS=LEASE_SECONDS,
    )
    _score_every_community(six_streets)
    streets = CampaignComputationStreet.objects.filter(computation__campaign=six_streets)
    workers.wait_for(
        lambda: (
            streets.filter(status=StreetStatus.DONE).count() == 1
            and streets.filter(status=StreetStatus.RUNNING).count() == 1
        ),
        "the first street done and the next one leased",
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    held = streets.get(status=StreetStatus.RUNNING)
    assert CampaignComputation.objects.get(campaign=six_streets).status == ComputationStatus.RUNNING

    # The second worker computes the other streets from the tasks still queued, then the held one once its lease
    # has run out, and finishes the computation; nobody asks again.
    workers.start()
    workers.wait_for(lambda: _all_finished(six_streets), "the computation to finish without the killed worker")
    resumed = _result_rows(six_streets)
    taken_over = streets.get(pk=held.pk)
    assert taken_over.attempts == 2 and taken_over.worker != held.worker
    assert taken_over.started_at >= held.lease_until
    computation = CampaignComputation.objects.get(campaign=six_streets)
    assert (computation.evaluations_count, computation.results_written) == (11, 11)

    # A clean run on the same inputs, from no results at all, through the same worker.
    EvaluationResult.objects.filter(evaluation__campaign=six_streets).delete()
    campaign_compute_request(campaign=six_streets)
    workers.wait_for(lambda: _all_finished(six_streets), "the clean computation to succeed")
    assert _result_rows(six_streets) == resumed
