"""Real Celery worker processes for the benches: started on a queue of their own on the bench's Redis and database,
computing a campaign whose tasks are sent there, then stopped."""

import heapq
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

from evaluations.models import (
    CampaignComputation,
    CampaignComputationStreet,
    ComputationStatus,
    Evaluation,
    EvaluationResult,
)
from starrating.celery import app

CELERY = Path(sys.executable).with_name("celery")
ROOT = Path(__file__).resolve().parents[2]
STARTED_WITHIN_SECONDS = 60
COMPUTED_WITHIN_SECONDS = 600
# How often the bench looks whether the computation has finished. The time itself is the computation's own (from
# its request to its last street's end, as the workers recorded them), so looking seldom costs no precision, and
# the bench's queries take next to nothing from the cores that the workers and PostgreSQL share.
FINISHED_LOOK_SECONDS = 0.25


def _database_url() -> str:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{database['USER'] or 'postgres'}{password}@{host}:{port}/{database['NAME']}"


def _wait(condition, what: str, seconds: float, every: float = 0.02):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    raise TimeoutError(f"no {what} within {seconds} s")


class BenchWorkers:
    """``count`` worker processes (one task at a time each) consuming one queue of their own."""

    def __init__(self, count: int, log_dir: Path):
        self.queue = f"starrating-bench-compute-{uuid.uuid4().hex[:12]}"
        self.processes: list[subprocess.Popen] = []
        environment = os.environ | {
            "DATABASE_URL": _database_url(),
            "DATABASE_POOL": "false",
            "CELERY_EAGER": "false",
            "COMPUTE_QUEUE": self.queue,
            "ORG_TREE_ROOT_LEVEL": settings.ORG_TREE_ROOT_LEVEL,  # a province's streets sit deeper than a district's
        }
        names = [f"bench-{number}-{self.queue[-12:]}@localhost" for number in range(count)]
        for name in names:
            with (log_dir / f"{name.split('@')[0]}.log").open("wb") as log:
                self.processes.append(
                    subprocess.Popen(
                        [
                            *(str(CELERY), "-A", "starrating", "worker", "--pool=solo", "-Q", self.queue, "-n", name),
                            *("-l", "warning", "--without-heartbeat", "--without-gossip", "--without-mingle"),
                        ],
                        env=environment,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        cwd=ROOT,
                    )
                )
        _wait(lambda: len(app.control.ping(destination=names, timeout=0.5)) == count, "answer", STARTED_WITHIN_SECONDS)

    def compute(self, campaign_id: int) -> CampaignComputation:
        """Ask for a computation through the broker and wait until the workers have finished it."""
        from evaluations.tasks import campaign_compute

        computation = CampaignComputation.objects.create(campaign_id=campaign_id)
        eager, app.conf.task_always_eager = app.conf.task_always_eager, False
        try:
            campaign_compute.apply_async((campaign_id,), queue=self.queue)
        finally:
            app.conf.task_always_eager = eager
        finished = CampaignComputation.objects.filter(
            pk=computation.pk, status__in=(ComputationStatus.SUCCEEDED, ComputationStatus.FAILED)
        )
        _wait(finished.exists, "finished computation", COMPUTED_WITHIN_SECONDS, every=FINISHED_LOOK_SECONDS)
        return finished.get()

    def compute_from_scratch(self, campaign_id: int) -> tuple[float, CampaignComputation]:
        """The campaign's results removed (and their table vacuumed, as a campaign never computed has none), then
        computed by the workers: the seconds from the request to the last street's end, and the computation."""
        results, evaluations = EvaluationResult._meta.db_table, Evaluation._meta.db_table
        with connection.cursor() as cursor:
            # By the evaluations' ids: the ORM's delete selects the results' ids through a join whose plan, on a
            # freshly loaded province, took over an hour.
            cursor.execute(
                f"DELETE FROM {results} WHERE evaluation_id IN (SELECT id FROM {evaluations} WHERE campaign_id = %s)",  # noqa: S608
                [campaign_id],
            )
            cursor.execute(f"VACUUM (ANALYZE) {results}")
        computation = self.compute(campaign_id)
        if computation.finished_at is None:
            raise RuntimeError(f"the computation {computation.status}: {computation.error}")
        return (computation.finished_at - computation.requested_at).total_seconds(), computation

    def stop(self) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def street_seconds(computation: CampaignComputation) -> list[float]:
    """How long each street of the computation took in its worker."""
    return list(CampaignComputationStreet.objects.filter(computation=computation).values_list("seconds", flat=True))


def expected_seconds(street_times: list[float], workers: int, outside_streets: float = 0.0) -> float:
    """What ``workers`` processes would take: the streets dealt longest first, each to the worker that is free
    first (the order the queue gives them in, near enough), until the last one finishes; plus the time spent
    outside the streets (the split, the tasks' round trips). It assumes the database keeps up."""
    finishing = [0.0] * workers
    for seconds in sorted(street_times, reverse=True):
        heapq.heappush(finishing, heapq.heappop(finishing) + seconds)
    return max(finishing) + outside_streets
