"""A real Celery worker on Redis computes a campaign; killed mid-way and restarted, it leaves the rows of a clean run.

Each test starts `celery worker --pool=solo` subprocesses on a queue of their own (so other workers on the same
Redis never take these tasks), pointed at the test database. Everything waits by polling, within a deadline.
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django.utils import timezone

from evaluations.models import CampaignComputation, ComputationStatus, EvaluationResult
from evaluations.services.compute.request import campaign_compute_request
from evaluations.tasks import campaign_compute
from starrating.celery import app
from tests.support.evaluations import evaluation_of, full_marks, save_scores
from tests.support.votes import cast_ballots

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CELERY = Path(sys.executable).with_name("celery")
DEADLINE_SECONDS = 20
LEASE_SECONDS = 1
# The first worker holds its run this long after the first street: far longer than the test waits for it.
PAUSE_SECONDS = 120


def _test_database_url() -> str:
    database = connection.settings_dict
    user = quote(database["USER"] or "postgres", safe="")
    password = ":" + quote(database["PASSWORD"], safe="") if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"


def _wait_for(condition, what: str, worker_logs=()):
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    logs = "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}" for path in worker_logs)
    pytest.fail(f"timed out after {DEADLINE_SECONDS} s waiting for {what}\n{logs}")


class Workers:
    """Start and stop worker subprocesses consuming one queue; every one still alive is killed at the end."""

    def __init__(self, queue: str, log_dir: Path):
        self.queue = queue
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def start(self, **settings: int) -> subprocess.Popen:
        nodename = f"compute-{uuid.uuid4().hex[:12]}@localhost"
        environment = os.environ | {
            "DATABASE_URL": _test_database_url(),
            "DATABASE_POOL": "false",
            "CELERY_EAGER": "false",
        }
        environment |= {name: str(value) for name, value in settings.items()}
        log = self.log_dir / f"{nodename.split('@')[0]}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [
                    *(str(CELERY), "-A", "starrating", "worker", "--pool=solo", "-c", "1", "-Q", self.queue),
                    *("-n", nodename, "-l", "warning", "--without-heartbeat", "--without-gossip"),
                ],
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=Path(__file__).resolve().parents[3],
            )
        self.processes.append(process)
        self.logs.append(log)

        def ready():
            if process.poll() is not None:
                pytest.fail(f"the worker exited with {process.returncode}:\n{log.read_text(errors='replace')}")
            return app.control.ping(destination=[nodename], timeout=0.5)

        self.wait_for(ready, "the worker to answer a ping")
        return process

    def wait_for(self, condition, what: str):
        return _wait_for(condition, what, self.logs)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)


@pytest.fixture
def workers(tmp_path, monkeypatch):
    """Tasks of this test go to a queue of its own, through Redis, to the workers started here."""
    queue = f"starrating-test-compute-{uuid.uuid4().hex}"
    task = app.tasks[campaign_compute.name]
    monkeypatch.setattr(task, "queue", queue, raising=False)
    monkeypatch.setattr(task, "_exec_options", None)  # Celery caches a task's routing options
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    started = Workers(queue, tmp_path)
    try:
        yield started
    finally:
        started.stop_all()
        app.conf.task_always_eager = eager


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


def test_a_worker_killed_mid_way_leaves_the_rows_of_a_clean_run(district, campaign, workers):
    first = workers.start(CAMPAIGN_COMPUTE_PAUSE_AFTER_STREET_SECONDS=PAUSE_SECONDS)
    expected = _score_the_three_communities(district, campaign)
    # The run wrote the first street (two communities) and waits before the second: kill it there.
    workers.wait_for(
        lambda: EvaluationResult.objects.filter(evaluation__campaign=campaign).count() == 2,
        "the first street's results",
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed = CampaignComputation.objects.get(campaign=campaign)
    assert killed.status == ComputationStatus.RUNNING
    assert EvaluationResult.objects.filter(evaluation__campaign=campaign).count() == 2

    workers.start(CAMPAIGN_COMPUTE_LEASE_SECONDS=LEASE_SECONDS)
    # The dead run's lease runs out; the task delivered again (as the broker redelivers an unacknowledged one)
    # takes the request over and computes the whole campaign.
    workers.wait_for(lambda: timezone.now() > killed.started_at + timedelta(seconds=LEASE_SECONDS), "the lease")
    campaign_compute.delay(campaign.pk)
    workers.wait_for(lambda: _all_finished(campaign), "the taken-over computation to succeed")
    resumed = _result_rows(campaign)
    assert {row[0]: row[2] for row in resumed} == expected

    # A clean run on the same inputs, from no results at all, through the same worker.
    EvaluationResult.objects.filter(evaluation__campaign=campaign).delete()
    campaign_compute_request(campaign=campaign)
    workers.wait_for(lambda: _all_finished(campaign), "the clean computation to succeed")
    assert _result_rows(campaign) == resumed
