"""Workers on different streets never wait for each other: while one worker is still computing its street (its
transaction open, the street's row held), another worker computes and finishes a second street of the same
computation at once."""

import threading

import pytest
from django.utils import timezone

from evaluations.models import CampaignComputation, CampaignComputationStreet, StreetStatus
from evaluations.services import street_leases
from evaluations.services.compute.streets import COMPUTATION, computation_start, street_claim
from tests.support.locks import WAIT_SECONDS, Stepped

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_street_being_computed_holds_up_no_other_street(district, campaign):
    CampaignComputation.objects.create(campaign=campaign)
    now = timezone.now()
    computation, _started = computation_start(campaign_id=campaign.pk, now=now)
    first = street_claim(computation_id=computation.pk, now=now, worker="worker-a@one")
    second = street_claim(computation_id=computation.pk, now=now, worker="worker-b@two")
    assert first is not None and second is not None and first.path != second.path
    computing = threading.Event()
    release = threading.Event()

    def slow_street(_now) -> dict:
        computing.set()
        release.wait(WAIT_SECONDS)
        return {}

    slow = Stepped(lambda: street_leases.street_complete(COMPUTATION, street=first, work=slow_street, now=now))
    try:
        assert computing.wait(WAIT_SECONDS)  # the first worker is inside its street's transaction
        quick = Stepped(
            lambda: street_leases.street_complete(COMPUTATION, street=second, work=lambda _now: {}, now=now)
        )
        assert quick.ended_within(5)
        assert CampaignComputationStreet.objects.get(pk=second.pk).status == StreetStatus.DONE
        assert CampaignComputationStreet.objects.get(pk=first.pk).status == StreetStatus.RUNNING
    finally:
        release.set()
        slow.join()
    assert CampaignComputationStreet.objects.get(pk=first.pk).status == StreetStatus.DONE
