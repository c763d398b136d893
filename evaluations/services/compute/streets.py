"""A computation's streets (the lease machinery is street_leases.py). The waiting request is claimed and split into
streets; a worker claims a street with a lease, computes it in one transaction that holds the street's row, and
marks it done; the last street finishes the computation, exactly once. Any number of workers run at once: nothing
locks the whole campaign, and a street whose worker died is taken up once its lease has run out. One computation
runs per campaign at a time, so two never write the same street."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import OuterRef

from evaluations.models import (
    Campaign,
    CampaignComputation,
    CampaignComputationStreet,
    ComputationStatus,
)
from evaluations.services import street_leases
from evaluations.services.compute.chunks import campaign_chunks, campaign_run, compute_chunk
from evaluations.services.compute.inputs import Run
from evaluations.services.compute.reads import ChunkRead, chunk_reads
from evaluations.services.street_leases import Leased, StreetsWorked, worker_name


def _start_waiting_request(computation_id: int) -> None:
    """Once a computation has finished, a request that waited for it starts."""
    from evaluations.tasks import campaign_compute  # lazily: the task module imports this service

    campaign_id = (
        CampaignComputation.objects.filter(status=ComputationStatus.PENDING, campaign__computations=computation_id)
        .values_list("campaign_id", flat=True)
        .first()
    )
    if campaign_id is not None:
        transaction.on_commit(lambda: campaign_compute.delay(campaign_id))


COMPUTATION = Leased(
    name="campaign-compute",
    run_model=CampaignComputation,
    street_model=CampaignComputationStreet,
    run_field="computation",
    counts=("evaluations_count", "results_written"),
    lease_setting="CAMPAIGN_COMPUTE_LEASE_SECONDS",
    pause_setting="CAMPAIGN_COMPUTE_PAUSE_AFTER_STREET_SECONDS",
    finished=_start_waiting_request,
)

__all__ = ["StreetsWorked", "worker_name"]


def computation_start(*, campaign_id: int, now: datetime) -> tuple[CampaignComputation | None, bool]:
    """The campaign's running computation, or else its waiting request claimed and split into its streets in one
    transaction, and whether this call started it; None when nothing runs or waits. A request made while one runs
    waits for it to finish."""
    computations = CampaignComputation.objects.filter(campaign_id=campaign_id)
    return street_leases.run_start(
        COMPUTATION,
        waiting=computations.filter(status=ComputationStatus.PENDING),
        running=computations.filter(status=ComputationStatus.RUNNING),
        chunks=lambda _computation: campaign_chunks(Campaign.objects.get(pk=campaign_id)),
        now=now,
    )


def street_claim(*, computation_id: int, now: datetime, worker: str) -> CampaignComputationStreet | None:
    """Take one street of the computation for a lease; None when every unfinished street is held by a worker."""
    return street_leases.street_claim(COMPUTATION, run_id=computation_id, now=now, worker=worker)


def _street_compute(campaign: Campaign, path: str, read: Callable[[], ChunkRead], run: Run, now: datetime) -> dict:
    evaluations, written = compute_chunk(campaign, path, read, run, now)
    return {"evaluations_count": evaluations, "results_written": written}


def streets_work(*, computation_id: int, worker: str, now: datetime | None = None) -> StreetsWorked:
    """Claim and compute the computation's streets one after the other until none is left to claim (on PostgreSQL
    the next ones are claimed and read ahead on a second connection), then finish the computation if its last
    street is done. A street that fails is recorded and the others go on."""
    computation = CampaignComputation.objects.select_related("campaign").get(pk=computation_id)
    campaign = computation.campaign

    def works(streets: Iterator[CampaignComputationStreet]):
        claimed: dict[str, CampaignComputationStreet] = {}

        def claims() -> Iterator[str]:
            for street in streets:
                claimed[street.path] = street
                yield street.path

        run = None
        for path, read in chunk_reads(campaign, claims()):
            run = run or campaign_run(campaign)
            yield claimed.pop(path), partial(_street_compute, campaign, path, read, run)

    return street_leases.streets_work(COMPUTATION, run=computation, worker=worker, now=now, works=works)


def computation_finish(*, computation_id: int) -> bool:
    """Finish a running computation whose streets are all done or failed, with their counts, exactly once; then a
    request that waited for it starts."""
    return street_leases.run_finish(COMPUTATION, run_id=computation_id)


def streets_claimable(*, computation_id: int, now: datetime) -> int:
    """How many of the computation's streets a worker could take now (one task is queued for each)."""
    return street_leases.streets_claimable(COMPUTATION, run_id=computation_id, now=now)


def follow_up_countdown(worked: StreetsWorked, now: datetime) -> float | None:
    """Seconds until a worker should look again at the computation (see street_leases.follow_up_countdown)."""
    return street_leases.follow_up_countdown(COMPUTATION, worked, now)


@dataclass(frozen=True)
class Recovered:
    campaigns: list[int]  # campaigns whose waiting request no task has started
    computations: list[int]  # running computations with streets nobody holds


def computations_recover(*, now: datetime) -> Recovered:
    """What lost tasks left behind: waiting requests with nothing running for their campaign, and running
    computations with a street nobody holds (each at most once per lease); a running computation whose streets
    are all finished is finished here."""
    stalled = street_leases.runs_stalled(COMPUTATION, now=now)
    campaign_runs = CampaignComputation.objects.filter(campaign_id=OuterRef("campaign_id"))
    forgotten = street_leases.runs_forgotten(COMPUTATION, now=now, runs_apart=campaign_runs)
    return Recovered(campaigns=list(forgotten.values_list("campaign_id", flat=True)), computations=stalled)
