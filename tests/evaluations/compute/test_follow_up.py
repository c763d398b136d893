"""A worker that finds every unfinished street held by others looks again when the earliest lease runs out, once
per lease however many tasks find the same; the beat sweeper picks up what lost tasks left behind."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluations.models import CampaignComputation, ComputationStatus, StreetStatus
from evaluations.services.compute.request import campaign_compute_request
from evaluations.services.compute.streets import (
    computation_start,
    computations_recover,
    follow_up_countdown,
    street_claim,
    streets_work,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_cache")]


def test_a_worker_looks_again_when_the_lease_it_waits_for_runs_out_once_per_lease(district, campaign, settings):
    campaign_compute_request(campaign=campaign)
    now = timezone.now()
    computation, _started = computation_start(campaign_id=campaign.pk, now=now)
    held = street_claim(computation_id=computation.pk, now=now, worker="worker-a@elsewhere")
    worked = streets_work(computation_id=computation.pk, worker="worker-b@here", now=now)
    assert (worked.finished, worked.streets, worked.next_lease_end) == (False, 1, held.lease_until)

    assert follow_up_countdown(worked, now) == settings.CAMPAIGN_COMPUTE_LEASE_SECONDS + 0.5
    assert follow_up_countdown(worked, now) is None  # another task found the same lease: one follow-up is enough

    # The follow-up, once the lease has run out, takes the street over and finishes the computation.
    follow_up = held.lease_until + timedelta(seconds=0.5)
    taken = streets_work(computation_id=computation.pk, worker="worker-b@here", now=follow_up)
    assert (taken.finished, taken.streets) == (True, 1) and follow_up_countdown(taken, follow_up) is None
    assert CampaignComputation.objects.get(pk=computation.pk).status == ComputationStatus.SUCCEEDED


def test_the_sweeper_starts_a_forgotten_request_and_takes_up_a_stalled_computation(district, campaign, settings):
    campaign_compute_request(campaign=campaign)  # its task never comes here: nothing commits
    now = timezone.now()
    assert computations_recover(now=now).campaigns == []  # asked for a moment ago: its task is on its way
    assert computations_recover(now=now + timedelta(minutes=2)).campaigns == [campaign.pk]

    computation, _started = computation_start(campaign_id=campaign.pk, now=now)
    held = street_claim(computation_id=computation.pk, now=now, worker="worker-a@killed")
    while street_claim(computation_id=computation.pk, now=now, worker="worker-a@killed"):
        pass
    assert computations_recover(now=now + timedelta(minutes=2)).computations == []  # every lease still runs
    after_lease = held.lease_until + timedelta(minutes=2)
    recovered = computations_recover(now=after_lease)
    assert (recovered.campaigns, recovered.computations) == ([], [computation.pk])
    assert computations_recover(now=after_lease).computations == []  # once per lease

    streets_work(computation_id=computation.pk, worker="worker-b@here", now=after_lease)
    assert set(computation.streets.values_list("status", flat=True)) == {StreetStatus.DONE}
