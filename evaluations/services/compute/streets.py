"""A computation's streets. The waiting request is claimed and split into streets; a worker claims a street with
a lease (``SELECT … FOR UPDATE SKIP LOCKED`` and a conditional update), computes it in one transaction that holds
the street's row, and marks it done; the last street finishes the computation, exactly once. Any number of
workers run at once: nothing locks the whole campaign, and a street whose worker died is taken up once its lease
has run out. One computation runs per campaign at a time, so two never write the same street."""

import os
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, Exists, F, Max, Min, OuterRef, Q, Subquery, Sum, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, Greatest
from django.utils import timezone

from evaluations.models import (
    Campaign,
    CampaignComputation,
    CampaignComputationStreet,
    ComputationStatus,
    StreetStatus,
)
from evaluations.services.compute.chunks import campaign_chunks, campaign_run, compute_chunk
from evaluations.services.compute.inputs import Run
from evaluations.services.compute.reads import ChunkRead, chunk_reads

UNFINISHED = (StreetStatus.PENDING, StreetStatus.RUNNING)
# A failed computation names its first failed street and that street's error.
FIRST_ERROR = Concat("path", Value(": "), "error", output_field=TextField())


@dataclass
class StreetsWorked:
    """What one worker's pass over a computation's streets did, and whether the computation is finished now."""

    computation_id: int
    finished: bool = False
    streets: int = 0
    failures: list[Exception] = field(default_factory=list)
    next_lease_end: datetime | None = None  # the earliest lease another worker holds on an unfinished street


def worker_name() -> str:
    """This process, as a street's worker when no Celery worker runs it (a management command, eager mode)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def computation_start(*, campaign_id: int, now: datetime) -> tuple[CampaignComputation | None, bool]:
    """The campaign's running computation, or else its waiting request claimed and split into its streets in one
    transaction, and whether this call started it; None when nothing runs or waits. A request made while one runs
    waits for it to finish."""
    running = CampaignComputation.objects.filter(campaign_id=campaign_id, status=ComputationStatus.RUNNING)
    if (computation := running.first()) is not None:
        return computation, False
    with transaction.atomic():
        waiting = CampaignComputation.objects.filter(campaign_id=campaign_id, status=ComputationStatus.PENDING)
        computation = waiting.first()
        if computation is None:
            return None, False
        if not waiting.filter(pk=computation.pk).update(status=ComputationStatus.RUNNING, started_at=now):
            # Another worker claimed it in the meantime (its claim has committed when this update returns).
            return running.first(), False
        chunks = campaign_chunks(Campaign.objects.get(pk=campaign_id))
        CampaignComputationStreet.objects.bulk_create(
            CampaignComputationStreet(computation=computation, path=path) for path in chunks
        )
    computation.status, computation.started_at = ComputationStatus.RUNNING, now
    if not chunks:  # a campaign without evaluations has no street to wait for
        computation_finish(computation_id=computation.pk)
        computation.refresh_from_db()
    return computation, True


def _claimable(computation_id: int, now: datetime):
    """The computation's streets nobody holds: waiting, or running on a lease that has run out."""
    return CampaignComputationStreet.objects.filter(_nobody_holds(now), computation_id=computation_id)


def _nobody_holds(now: datetime) -> Q:
    return Q(status=StreetStatus.PENDING) | Q(status=StreetStatus.RUNNING, lease_until__lt=now)


def street_claim(*, computation_id: int, now: datetime, worker: str) -> CampaignComputationStreet | None:
    """Take one street of the computation for a lease; None when every unfinished street is held by a worker.
    A street being computed has its row locked, so it is skipped even when its lease has run out."""
    lease_until = now + timedelta(seconds=settings.CAMPAIGN_COMPUTE_LEASE_SECONDS)
    tried: list[int] = []
    with transaction.atomic():
        while True:
            street = (
                _claimable(computation_id, now)
                .exclude(pk__in=tried)
                .select_for_update(skip_locked=True)
                .order_by("path")
                .first()
            )
            if street is None:
                return None
            # The attempt number is the version: without row locks (SQLite) only one of two claimers updates it.
            claimed = {"status": StreetStatus.RUNNING, "lease_until": lease_until, "worker": worker[:255]}
            claimed |= {"started_at": now, "finished_at": None, "error": ""}
            if CampaignComputationStreet.objects.filter(pk=street.pk, attempts=street.attempts).update(
                attempts=F("attempts") + 1, **claimed
            ):
                for name, value in claimed.items():
                    setattr(street, name, value)
                street.attempts += 1
                return street
            tried.append(street.pk)


def street_compute(
    *, campaign: Campaign, street: CampaignComputationStreet, read: Callable[[], ChunkRead], run: Run, now: datetime
) -> bool:
    """Compute a claimed street and mark it done, in one transaction that holds the street's row; False (and
    nothing written) when the street is no longer this worker's: its lease ran out and another took it."""
    started = time.perf_counter()
    with transaction.atomic():
        held = (
            CampaignComputationStreet.objects.select_for_update()
            .filter(pk=street.pk, status=StreetStatus.RUNNING, attempts=street.attempts)
            .values_list("pk", flat=True)
            .first()
        )
        if held is None:
            return False
        evaluations, written = compute_chunk(campaign, street.path, read, run, now)
        CampaignComputationStreet.objects.filter(pk=street.pk).update(
            status=StreetStatus.DONE,
            lease_until=None,
            finished_at=max(timezone.now(), now),
            seconds=round(time.perf_counter() - started, 3),
            evaluations_count=evaluations,
            results_written=written,
        )
    return True


def street_fail(*, street: CampaignComputationStreet, error: Exception, now: datetime) -> None:
    """Record a street's failure (its transaction kept nothing); the other streets go on."""
    CampaignComputationStreet.objects.filter(pk=street.pk, attempts=street.attempts).update(
        status=StreetStatus.FAILED, lease_until=None, finished_at=max(timezone.now(), now), error=repr(error)[:2000]
    )


def streets_work(*, computation_id: int, worker: str, now: datetime | None = None) -> StreetsWorked:
    """Claim and compute the computation's streets one after the other until none is left to claim (on PostgreSQL
    the next ones are claimed and read ahead on a second connection), then finish the computation if its last
    street is done. A street that fails is recorded and the others go on."""
    worked = StreetsWorked(computation_id=computation_id)
    computation = CampaignComputation.objects.select_related("campaign").get(pk=computation_id)
    if computation.status == ComputationStatus.RUNNING:
        campaign = computation.campaign
        claimed: dict[str, CampaignComputationStreet] = {}

        def claims() -> Iterator[str]:
            while street := street_claim(computation_id=computation_id, now=now or timezone.now(), worker=worker):
                claimed[street.path] = street
                yield street.path

        run = None
        for path, read in chunk_reads(campaign, claims()):
            street = claimed.pop(path)
            run = run or campaign_run(campaign)
            at = now or timezone.now()
            try:
                worked.streets += street_compute(campaign=campaign, street=street, read=read, run=run, now=at)
            except Exception as error:
                street_fail(street=street, error=error, now=at)
                worked.failures.append(error)
            if settings.CAMPAIGN_COMPUTE_PAUSE_AFTER_STREET_SECONDS:
                time.sleep(settings.CAMPAIGN_COMPUTE_PAUSE_AFTER_STREET_SECONDS)
        computation_finish(computation_id=computation_id)
    worked.finished = not CampaignComputation.objects.filter(
        pk=computation_id, status=ComputationStatus.RUNNING
    ).exists()
    if not worked.finished:
        worked.next_lease_end = CampaignComputationStreet.objects.filter(
            computation_id=computation_id, status=StreetStatus.RUNNING
        ).aggregate(earliest=Min("lease_until"))["earliest"]
    return worked


def computation_finish(*, computation_id: int) -> bool:
    """Finish a running computation whose streets are all done or failed, with their counts: one conditional
    update, so of two workers finishing the last streets at once exactly one finishes it. Then a request that
    waited for it starts."""
    streets = CampaignComputationStreet.objects.filter(computation_id=OuterRef("pk")).order_by()
    by_computation = streets.values("computation_id")
    failed = streets.filter(status=StreetStatus.FAILED)
    finished = (
        CampaignComputation.objects.filter(pk=computation_id, status=ComputationStatus.RUNNING)
        .exclude(Exists(streets.filter(status__in=UNFINISHED)))
        .update(
            status=Case(
                When(Exists(failed), then=Value(ComputationStatus.FAILED)), default=Value(ComputationStatus.SUCCEEDED)
            ),
            finished_at=Greatest(
                Coalesce(Subquery(by_computation.annotate(last=Max("finished_at")).values("last")), F("started_at")),
                F("started_at"),
            ),
            evaluations_count=Coalesce(Subquery(by_computation.annotate(n=Sum("evaluations_count")).values("n")), 0),
            results_written=Coalesce(Subquery(by_computation.annotate(n=Sum("results_written")).values("n")), 0),
            error=Coalesce(Subquery(failed.order_by("path").annotate(text=FIRST_ERROR).values("text")[:1]), Value("")),
        )
    )
    if finished:
        _start_waiting_request(computation_id)
    return bool(finished)


def _start_waiting_request(computation_id: int) -> None:
    from evaluations.tasks import campaign_compute  # lazily: the task module imports this service

    campaign_id = (
        CampaignComputation.objects.filter(status=ComputationStatus.PENDING, campaign__computations=computation_id)
        .values_list("campaign_id", flat=True)
        .first()
    )
    if campaign_id is not None:
        transaction.on_commit(lambda: campaign_compute.delay(campaign_id))


def streets_claimable(*, computation_id: int, now: datetime) -> int:
    """How many of the computation's streets a worker could take now (one task is queued for each)."""
    return _claimable(computation_id, now).count()


def follow_up_countdown(worked: StreetsWorked, now: datetime) -> float | None:
    """Seconds until a worker should look again at a computation that is not finished because other workers hold
    its streets: when the earliest lease runs out (a killed worker's street is taken then), or a lease from now if
    it ran out already (its worker is still computing it). None when nothing is to be looked at again or another
    task already will (one follow-up per lease end)."""
    if worked.finished or worked.next_lease_end is None:
        return None
    remaining = (worked.next_lease_end - now).total_seconds()
    countdown = remaining + 0.5 if remaining > 0 else float(settings.CAMPAIGN_COMPUTE_LEASE_SECONDS)
    key = f"campaign-compute-follow-up:{worked.computation_id}:{worked.next_lease_end.timestamp()}"
    if not cache.add(key, 1, timeout=int(countdown) + settings.CAMPAIGN_COMPUTE_LEASE_SECONDS):
        return None
    return countdown


# The sweeper leaves alone what was asked for or started this recently: its own task is probably on its way.
RECOVER_AFTER = timedelta(minutes=1)


@dataclass(frozen=True)
class Recovered:
    campaigns: list[int]  # campaigns whose waiting request no task has started
    computations: list[int]  # running computations with streets nobody holds


def computations_recover(*, now: datetime) -> Recovered:
    """What lost tasks left behind: waiting requests with nothing running for their campaign, and running
    computations with a street nobody holds (each at most once per lease); a running computation whose streets
    are all finished is finished here."""
    unfinished = CampaignComputationStreet.objects.filter(computation_id=OuterRef("pk"), status__in=UNFINISHED)
    running = CampaignComputation.objects.filter(status=ComputationStatus.RUNNING)
    for computation_id in running.exclude(Exists(unfinished)).values_list("pk", flat=True):
        computation_finish(computation_id=computation_id)
    campaign_runs = CampaignComputation.objects.filter(campaign_id=OuterRef("campaign_id"))
    campaigns = (
        CampaignComputation.objects.filter(status=ComputationStatus.PENDING, requested_at__lt=now - RECOVER_AFTER)
        .exclude(Exists(campaign_runs.filter(status=ComputationStatus.RUNNING)))
        .values_list("campaign_id", flat=True)
    )
    claimable = CampaignComputationStreet.objects.filter(_nobody_holds(now), computation_id=OuterRef("pk"))
    stalled = running.filter(Exists(claimable), started_at__lt=now - RECOVER_AFTER).values_list("pk", flat=True)
    lease = settings.CAMPAIGN_COMPUTE_LEASE_SECONDS
    return Recovered(
        campaigns=list(campaigns),
        computations=[pk for pk in stalled if cache.add(f"campaign-compute-recover:{pk}", 1, timeout=lease)],
    )
