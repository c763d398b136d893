"""Runs of the consequence rules over every organization (按需重新运用, a revised rule set, the command).

A run is a ConsequenceRun row: one waits and one runs at a time, and a request made while one waits is that one.
Its task claims it and splits it into streets (the street's subtree; an organization above the streets is a chunk
of its own), and a task per street lets any number of workers apply the rules at once, each street claimed with a
lease and applied in one transaction (street_leases.py); the last street finishes the run, exactly once, records
its audit and starts a run that waited. Each street calls the job of services/consequences.py on its
organizations: it passes over those whose inputs did not change, so a street applied twice (a killed worker's)
leaves the same rows, and runs take turns on a street through its advisory lock.
"""

import time
from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import ComputationStatus, ConsequenceRun, ConsequenceRunStreet
from evaluations.selectors.consequence_runs import (
    ON_DEMAND,
    RUN_CAPABILITY,
    UNFINISHED_RUNS,
    consequence_run_started_at,
    top_organizations,
)
from evaluations.services import street_leases
from evaluations.services.compute.chunks import street_chunks
from evaluations.services.compute.reads import chunk_lookup
from evaluations.services.consequences import ConsequenceCounts, consequences_compute
from evaluations.services.street_leases import Leased, StreetsWorked, worker_name
from orgs.models import AuditOutcome, Organization, User
from orgs.permissions import check_actor
from orgs.services.audit import audit_record

COUNTS = tuple(ConsequenceCounts().as_dict())


def _run_finished(run_id: int) -> None:
    """Once, when the run's last street is done: the audit record of the run, as the job of a single process
    records it (the lists page reads the last run from it), then a run that waited starts."""
    from evaluations.tasks import consequences_run  # lazily: the task module imports this service

    run = ConsequenceRun.objects.select_related("requested_by").get(pk=run_id)
    seconds = (run.finished_at - run.started_at).total_seconds()
    audit_record(
        action=EvaluationAuditAction.CONSEQUENCES_APPLY,
        outcome=AuditOutcome.SUCCESS if run.status == ComputationStatus.SUCCEEDED else AuditOutcome.FAILURE,
        actor=run.requested_by,
        object_type="consequences",
        object_id="all",
        detail={name: getattr(run, name) for name in COUNTS}
        | {"cause": run.cause, "organization_ids": [], "run": run.pk, "seconds": round(seconds, 3)}
        | ({"error": run.error[:500]} if run.error else {}),
    )
    if ConsequenceRun.objects.filter(status=ComputationStatus.PENDING).exists():
        transaction.on_commit(consequences_run.delay)


RUNS = Leased(
    name="consequence-run",
    run_model=ConsequenceRun,
    street_model=ConsequenceRunStreet,
    run_field="run",
    counts=COUNTS,
    lease_setting="CONSEQUENCE_RUN_LEASE_SECONDS",
    pause_setting=None,  # a worker test holds a street in its transaction instead (_street_apply)
    finished=_run_finished,
)


def _refused(now: datetime) -> ValidationError:
    running_since = consequence_run_started_at() or now
    return ValidationError(
        _("The rules are being applied (started at %(time)s); try again when it is done.")
        % {"time": timezone.localtime(running_since).strftime("%H:%M")},
        code="running",
    )


def consequences_run_request(*, by: User) -> datetime:
    """The district asks for a run over every organization: queued after the commit; returns when it was asked for.
    Refused (audited) without the district's capability, and while a run is waiting or running."""
    from evaluations.tasks import consequences_run  # lazily: the task module imports the services

    for root in top_organizations():
        check_actor(by, RUN_CAPABILITY, root, object_type="consequence_run", object_id="all")
    now = timezone.now()
    with transaction.atomic():
        if ConsequenceRun.objects.filter(status__in=UNFINISHED_RUNS).exists():
            raise _refused(now)
        try:
            with transaction.atomic():
                run = ConsequenceRun.objects.create(cause=ON_DEMAND, requested_by=by)
        except IntegrityError:  # another request made at the same moment waits already
            raise _refused(now) from None
        audit_record(
            action=EvaluationAuditAction.CONSEQUENCES_RUN_REQUEST,
            actor=by,
            object_type="consequence_run",
            object_id="all",
            detail={"cause": ON_DEMAND, "started_at": run.requested_at.isoformat(), "run": run.pk},
        )
        # A broker that refuses it loses nothing: the run waits, and the beat job starts it.
        transaction.on_commit(consequences_run.delay, robust=True)
    return run.requested_at


def consequence_run_waiting(*, cause: str, by: User | None = None) -> ConsequenceRun:
    """The waiting run, asked for now unless one waits already (that one absorbs this request)."""
    waiting = ConsequenceRun.objects.filter(status=ComputationStatus.PENDING)
    if (run := waiting.first()) is not None:
        return run
    by = by if by is not None and getattr(by, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            return ConsequenceRun.objects.create(cause=cause, requested_by=by)
    except IntegrityError:
        return waiting.get()


def consequence_run_queue(*, cause: str, by: User | None = None) -> ConsequenceRun:
    """Ask for a run over every organization (a revised rule set), queued after the current transaction commits."""
    from evaluations.tasks import consequences_run  # lazily: the task module imports the services

    run = consequence_run_waiting(cause=cause, by=by)
    transaction.on_commit(consequences_run.delay)
    return run


def consequences_request(*, organization_ids: Iterable[int] | None, cause: str, by: User | None = None) -> None:
    """Queue the job after the current transaction commits (an approval, a correction, a removed star): one task for
    the organizations given, or a run over every organization split into streets (None: a revised rule set)."""
    from evaluations.tasks import consequences_apply as task  # lazily: the task module imports this service

    if organization_ids is None:
        consequence_run_queue(cause=cause, by=by)
        return
    ids = sorted(set(organization_ids))
    if not ids:
        return
    by_id = by.pk if by is not None and getattr(by, "is_authenticated", False) else None
    transaction.on_commit(lambda: task.delay(ids, cause, by_id))


def consequence_run_start(*, now: datetime) -> tuple[ConsequenceRun | None, bool]:
    """The running run, or else the waiting one claimed and split into streets, and whether this call started it."""
    runs = ConsequenceRun.objects.all()
    return street_leases.run_start(
        RUNS,
        waiting=runs.filter(status=ComputationStatus.PENDING),
        running=runs.filter(status=ComputationStatus.RUNNING),
        chunks=lambda _run: street_chunks(Organization.objects.all()),
        now=now,
    )


def _street_apply(path: str, now: datetime) -> dict[str, int]:
    """Apply the rules to the street's organizations, inside the street's transaction."""
    lookup, value = chunk_lookup(path)
    ids = list(Organization.objects.filter(**{lookup: value}).order_by("pk").values_list("pk", flat=True))
    counts = consequences_compute(organization_ids=ids, every_id=False, now=now).as_dict()
    if settings.CONSEQUENCE_RUN_PAUSE_IN_STREET_SECONDS:  # for the worker test only: killed holding the street
        time.sleep(settings.CONSEQUENCE_RUN_PAUSE_IN_STREET_SECONDS)
    return counts


def _works(streets):
    """Each street claimed with its work (nothing is read ahead: a street's reads are part of its transaction)."""
    for street in streets:
        yield street, partial(_street_apply, street.path)


def consequence_run_streets_work(*, run_id: int, worker: str, now: datetime | None = None) -> StreetsWorked:
    """Apply the rules to the run's streets that no other worker holds, one after the other, then finish the run if
    its last street is done."""
    run = ConsequenceRun.objects.get(pk=run_id)
    return street_leases.streets_work(RUNS, run=run, worker=worker, now=now, works=_works)


def consequences_run_here(*, now: datetime | None = None) -> ConsequenceRun | None:
    """Start the waiting run unless one runs, and apply in this process every street that no other worker holds
    (eager mode, the command). The run once finished; None when nothing waits or other workers still hold some of
    its streets. Raises the first street's error after the other streets are done."""
    run, _started = consequence_run_start(now=now or timezone.now())
    if run is None:
        return None
    return street_leases.run_ended(run, consequence_run_streets_work(run_id=run.pk, worker=worker_name(), now=now))


def streets_claimable(*, run_id: int, now: datetime) -> int:
    """How many of the run's streets a worker could take now (one task is queued for each)."""
    return street_leases.streets_claimable(RUNS, run_id=run_id, now=now)


def follow_up_countdown(worked: StreetsWorked, now: datetime) -> float | None:
    """Seconds until a worker should look again at the run (see street_leases.follow_up_countdown)."""
    return street_leases.follow_up_countdown(RUNS, worked, now)


def consequence_runs_recover(*, now: datetime) -> tuple[bool, list[int]]:
    """What lost tasks left behind: whether a waiting run has no task (nothing runs), and the running runs with a
    street nobody holds (each at most once per lease)."""
    stalled = street_leases.runs_stalled(RUNS, now=now)
    forgotten = street_leases.runs_forgotten(RUNS, now=now, runs_apart=ConsequenceRun.objects.all())
    return forgotten.exists(), stalled
