"""Computing a campaign: the request, and the whole computation run in this process.

A request is a CampaignComputation row. Its task claims it and splits it into streets (see streets.py), and a task
per street lets any number of workers compute them at once; each street is written in its own transaction, so a
run that dies mid-way leaves whole streets, and a dead worker's street is taken up again after its lease.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from evaluations.models import Campaign, CampaignComputation, ComputationStatus, EvaluationResult
from evaluations.services.compute.streets import computation_start, streets_work, worker_name
from evaluations.services.street_leases import run_ended


def campaign_compute_request(*, campaign: Campaign) -> CampaignComputation:
    """Ask for a computation after the current transaction commits; a waiting request absorbs new ones."""
    from evaluations.tasks import campaign_compute  # lazily: the task module imports this service

    computation = CampaignComputation.objects.filter(campaign=campaign, status=ComputationStatus.PENDING).first()
    if computation is None:
        try:
            with transaction.atomic():
                computation = CampaignComputation.objects.create(campaign=campaign)
        except IntegrityError:
            computation = CampaignComputation.objects.get(campaign=campaign, status=ComputationStatus.PENDING)
    campaign_id = campaign.pk
    transaction.on_commit(lambda: campaign_compute.delay(campaign_id))
    return computation


def campaign_compute_run(*, campaign_id: int, now: datetime | None = None) -> CampaignComputation | None:
    """Start the campaign's waiting request unless one runs, and compute in this process every street that no other
    worker holds. Returns the computation once finished; None when nothing waits or other workers still hold some
    of its streets. Raises the first street's error after the other streets are done."""
    computation, _started = computation_start(campaign_id=campaign_id, now=now or timezone.now())
    if computation is None:
        return None
    return run_ended(computation, streets_work(computation_id=computation.pk, worker=worker_name(), now=now))


def campaign_result_counts(campaign: Campaign) -> dict[int | None, int]:
    """How many evaluations of the campaign have each star count (None: not computed or no stars)."""
    return dict(
        EvaluationResult.objects.filter(evaluation__campaign=campaign)
        .values_list("stars")
        .annotate(count=Count("pk"))
        .order_by()
    )
