"""Runs split into streets that any number of workers do at once, each street claimed with a lease: a campaign's
computation (compute/streets.py) and a run of the consequence rules over every organization (consequence_runs.py).

The waiting run is claimed and split into streets in one transaction; a worker claims a street with ``SELECT …
FOR UPDATE SKIP LOCKED`` and a conditional update of its attempt number, does it in one transaction that holds the
street's row, and marks it done with its counts; the last street finishes the run, exactly once, with the counts
summed. Nothing locks the whole run, and a street whose worker died is taken up once its lease has run out: a
follow-up task looks again then, and the beat job picks up what lost tasks left behind."""

import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Case, Exists, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, Greatest
from django.utils import timezone

from evaluations.models import ComputationStatus, StreetStatus
from evaluations.models.computations import LeasedStreet

UNFINISHED = (StreetStatus.PENDING, StreetStatus.RUNNING)
# A failed run names its first failed street and that street's error.
FIRST_ERROR = Concat("path", Value(": "), "error", output_field=TextField())
# The sweeper leaves alone what was asked for or started this recently: its own task is probably on its way.
RECOVER_AFTER = timedelta(minutes=1)

# A street's work, given the time it is done at: the counts it stores on its row (and sums onto its run's).
StreetWork = Callable[[datetime], dict[str, int]]


@dataclass(frozen=True)
class Leased:
    """A kind of run split into leased streets: its models, the street's foreign key to its run, the counts that
    each street stores and the run sums, the settings of its lease and what follows when a run has finished."""

    name: str  # names its keys in the cache
    run_model: type[models.Model]  # status (ComputationStatus), requested_at, started_at, finished_at, error
    street_model: type[LeasedStreet]
    run_field: str
    counts: tuple[str, ...]
    lease_setting: str
    pause_setting: str | None  # for the worker tests only: a pause after each street
    finished: Callable[[int], None] | None = None  # called once, in the transaction that finished the run

    @property
    def lease_seconds(self) -> int:
        return getattr(settings, self.lease_setting)

    def streets(self, run_id) -> QuerySet:
        return self.street_model.objects.filter(**{self.run_field: run_id})


@dataclass
class StreetsWorked:
    """What one worker's pass over a run's streets did, and whether the run is finished now."""

    run_id: int
    finished: bool = False
    streets: int = 0
    failures: list[Exception] = field(default_factory=list)
    next_lease_end: datetime | None = None  # the earliest lease another worker holds on an unfinished street


def worker_name() -> str:
    """This process, as a street's worker when no Celery worker runs it (a management command, eager mode)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def run_start(
    leased: Leased, *, waiting: QuerySet, running: QuerySet, chunks: Callable[[models.Model], list[str]], now: datetime
) -> tuple[models.Model | None, bool]:
    """The running run, or else the waiting one claimed and split into its streets (``chunks``) in one transaction,
    and whether this call started it; None when nothing runs or waits."""
    if (run := running.first()) is not None:
        return run, False
    with transaction.atomic():
        run = waiting.first()
        if run is None:
            return None, False
        if not waiting.filter(pk=run.pk).update(status=ComputationStatus.RUNNING, started_at=now):
            # Another worker claimed it in the meantime (its claim has committed when this update returns).
            return running.first(), False
        paths = chunks(run)
        leased.street_model.objects.bulk_create(leased.street_model(**{leased.run_field: run}, path=p) for p in paths)
    run.status, run.started_at = ComputationStatus.RUNNING, now
    if not paths:  # nothing to split: no street to wait for
        run_finish(leased, run_id=run.pk)
        run.refresh_from_db()
    return run, True


def _nobody_holds(now: datetime) -> Q:
    """Streets nobody holds: waiting, or running on a lease that has run out."""
    return Q(status=StreetStatus.PENDING) | Q(status=StreetStatus.RUNNING, lease_until__lt=now)


def street_claim(leased: Leased, *, run_id: int, now: datetime, worker: str) -> LeasedStreet | None:
    """Take one street of the run for a lease; None when every unfinished street is held by a worker. A street
    being worked on has its row locked, so it is skipped even when its lease has run out."""
    lease_until = now + timedelta(seconds=leased.lease_seconds)
    tried: list[int] = []
    with transaction.atomic():
        while True:
            street = (
                leased.streets(run_id)
                .filter(_nobody_holds(now))
                .exclude(pk__in=tried)
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("path")
                .first()
            )
            if street is None:
                return None
            # The attempt number is the version: without row locks (SQLite) only one of two claimers updates it.
            claimed = {"status": StreetStatus.RUNNING, "lease_until": lease_until, "worker": worker[:255]}
            claimed |= {"started_at": now, "finished_at": None, "error": ""}
            if leased.street_model.objects.filter(pk=street.pk, attempts=street.attempts).update(
                attempts=F("attempts") + 1, **claimed
            ):
                for name, value in claimed.items():
                    setattr(street, name, value)
                street.attempts += 1
                return street
            tried.append(street.pk)


def street_complete(leased: Leased, *, street: LeasedStreet, work: StreetWork, now: datetime) -> bool:
    """Do a claimed street's work and mark it done, in one transaction that holds the street's row; False (and
    nothing written) when the street is no longer this worker's: its lease ran out and another took it."""
    started = time.perf_counter()
    with transaction.atomic():
        # The street's row alone: ordered by the run's fields, the query would join the run and lock its row too,
        # and every worker would wait for the others' streets.
        held = (
            leased.street_model.objects.select_for_update(of=("self",))
            .filter(pk=street.pk, status=StreetStatus.RUNNING, attempts=street.attempts)
            .order_by()
            .values_list("pk", flat=True)
            .first()
        )
        if held is None:
            return False
        counts = work(now)
        leased.street_model.objects.filter(pk=street.pk).update(
            status=StreetStatus.DONE,
            lease_until=None,
            finished_at=max(timezone.now(), now),
            seconds=round(time.perf_counter() - started, 3),
            **counts,
        )
    return True


def street_fail(leased: Leased, *, street: LeasedStreet, error: Exception, now: datetime) -> None:
    """Record a street's failure (its transaction kept nothing); the other streets go on."""
    leased.street_model.objects.filter(pk=street.pk, attempts=street.attempts).update(
        status=StreetStatus.FAILED, lease_until=None, finished_at=max(timezone.now(), now), error=repr(error)[:2000]
    )


def streets_claimed(leased: Leased, *, run_id: int, worker: str, now: datetime | None) -> Iterator[LeasedStreet]:
    """The run's streets claimed one after the other, each when asked for, until none is left to claim."""
    while street := street_claim(leased, run_id=run_id, now=now or timezone.now(), worker=worker):
        yield street


def streets_work(
    leased: Leased,
    *,
    run: models.Model,
    worker: str,
    now: datetime | None,
    works: Callable[[Iterator[LeasedStreet]], Iterable[tuple[LeasedStreet, StreetWork]]],
) -> StreetsWorked:
    """Claim and do the streets of the run (as loaded) one after the other until none is left to claim (``works``
    pairs the streets claimed with their work, and may claim ahead), then finish the run if its last street is
    done. A street that fails is recorded and the others go on."""
    run_id = run.pk
    worked = StreetsWorked(run_id=run_id)
    running = leased.run_model.objects.filter(pk=run_id, status=ComputationStatus.RUNNING)
    if run.status == ComputationStatus.RUNNING:
        for street, work in works(streets_claimed(leased, run_id=run_id, worker=worker, now=now)):
            at = now or timezone.now()
            try:
                worked.streets += street_complete(leased, street=street, work=work, now=at)
            except Exception as error:
                street_fail(leased, street=street, error=error, now=at)
                worked.failures.append(error)
            if leased.pause_setting and (pause := getattr(settings, leased.pause_setting)):
                time.sleep(pause)
        run_finish(leased, run_id=run_id)
    worked.finished = not running.exists()
    if not worked.finished:
        worked.next_lease_end = (
            leased.streets(run_id)
            .filter(status=StreetStatus.RUNNING)
            .aggregate(earliest=Min("lease_until"))["earliest"]
        )
    return worked


def run_ended(run: models.Model, worked: StreetsWorked) -> models.Model | None:
    """After a pass in this process over the run's streets: the run reloaded once finished; None while other workers
    still hold some of its streets. Raises the first street's error (the other streets are done)."""
    if worked.failures:
        raise worked.failures[0]
    if not worked.finished:
        return None
    run.refresh_from_db()
    return run


def run_finish(leased: Leased, *, run_id: int) -> bool:
    """Finish a running run whose streets are all done or failed, with their counts summed: one conditional update,
    so of two workers finishing the last streets at once exactly one finishes it (and calls ``leased.finished``)."""
    streets = leased.street_model.objects.filter(**{leased.run_field: OuterRef("pk")}).order_by()
    by_run = streets.values(leased.run_field)
    failed = streets.filter(status=StreetStatus.FAILED)
    counts = {
        name: Coalesce(Subquery(by_run.annotate(n=Sum(name)).values("n")), 0, output_field=models.IntegerField())
        for name in leased.counts
    }
    finished = (
        leased.run_model.objects.filter(pk=run_id, status=ComputationStatus.RUNNING)
        .exclude(Exists(streets.filter(status__in=UNFINISHED)))
        .update(
            status=Case(
                When(Exists(failed), then=Value(ComputationStatus.FAILED)), default=Value(ComputationStatus.SUCCEEDED)
            ),
            finished_at=Greatest(
                Coalesce(Subquery(by_run.annotate(last=Max("finished_at")).values("last")), F("started_at")),
                F("started_at"),
            ),
            error=Coalesce(Subquery(failed.order_by("path").annotate(text=FIRST_ERROR).values("text")[:1]), Value("")),
            **counts,
        )
    )
    if finished and leased.finished is not None:
        leased.finished(run_id)
    return bool(finished)


def streets_claimable(leased: Leased, *, run_id: int, now: datetime) -> int:
    """How many of the run's streets a worker could take now (one task is queued for each)."""
    return leased.streets(run_id).filter(_nobody_holds(now)).count()


def follow_up_countdown(leased: Leased, worked: StreetsWorked, now: datetime) -> float | None:
    """Seconds until a worker should look again at a run that is not finished because other workers hold its
    streets: when the earliest lease runs out (a killed worker's street is taken then), or a lease from now if it
    ran out already (its worker is still on it). None when nothing is to be looked at again or another task
    already will (one follow-up per lease end)."""
    if worked.finished or worked.next_lease_end is None:
        return None
    remaining = (worked.next_lease_end - now).total_seconds()
    countdown = remaining + 0.5 if remaining > 0 else float(leased.lease_seconds)
    key = f"{leased.name}-follow-up:{worked.run_id}:{worked.next_lease_end.timestamp()}"
    if not cache.add(key, 1, timeout=int(countdown) + leased.lease_seconds):
        return None
    return countdown


def runs_stalled(leased: Leased, *, now: datetime) -> list[int]:
    """What lost tasks left behind of the running runs: those whose streets are all finished are finished here; the
    ids of those with a street nobody holds are returned, each at most once per lease."""
    unfinished = leased.street_model.objects.filter(**{leased.run_field: OuterRef("pk"), "status__in": UNFINISHED})
    running = leased.run_model.objects.filter(status=ComputationStatus.RUNNING)
    for run_id in running.exclude(Exists(unfinished)).values_list("pk", flat=True):
        run_finish(leased, run_id=run_id)
    claimable = leased.street_model.objects.filter(_nobody_holds(now), **{leased.run_field: OuterRef("pk")})
    stalled = running.filter(Exists(claimable), started_at__lt=now - RECOVER_AFTER).values_list("pk", flat=True)
    lease = leased.lease_seconds
    return [pk for pk in stalled if cache.add(f"{leased.name}-recover:{pk}", 1, timeout=lease)]


def runs_forgotten(leased: Leased, *, now: datetime, runs_apart: QuerySet) -> QuerySet:
    """The waiting runs that no task has started: asked for a while ago, with nothing running beside them (of
    ``runs_apart``, an outer-referenced queryset: the campaign's computations, or every run)."""
    return leased.run_model.objects.filter(
        status=ComputationStatus.PENDING, requested_at__lt=now - RECOVER_AFTER
    ).exclude(Exists(runs_apart.filter(status=ComputationStatus.RUNNING)))
