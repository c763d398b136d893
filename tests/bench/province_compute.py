"""Computing a province's campaign on real Celery workers, with 1 and with 2 worker processes in the same run.

Issue 14: a synthetic province of more than 100,000 organizations (``seed_synthetic --province``'s shape, six cities)
with a campaign over all of it: 57 review scores an organization (6.6 million score rows) and two ballots. A worker
(``celery worker -c N`` on the compute queue, against the bench database and Redis) computes it from scratch, once
with one process and once with two; the time runs from the request's commit to the computation's end. Figures: both
times and the speed-up (goal at least 1.5 on this two-core machine, where PostgreSQL shares the cores), the slowest
street's task, and from the measured street times the time to expect with 8, 32 and 128 worker processes: the
streets dealt longest first to the least busy worker (the order the queue gives them in, near enough), plus what
the one-process run spent outside the streets. That expectation assumes the database keeps up: past a few dozen
workers, PostgreSQL's own cores and disks set the pace (README: Operations).
"""

import heapq
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from evaluations.management.synthetic_campaigns import synthetic_campaign_build, template_for
from evaluations.models import CampaignComputation, CampaignComputationStreet, ComputationStatus, EvaluationResult
from evaluations.services.compute.request import campaign_compute_request
from orgs.services.synthetic.province import ProvinceShape, synthetic_province_build
from starrating.celery import app
from tests.bench import figure

# 115,735 organizations; BENCH_PROVINCE_CITIES=1 measures a sixth of it (a quick try, not the figure).
CITIES = int(os.environ.get("BENCH_PROVINCE_CITIES", "6"))
PROCESSES = (1, 2)
SPEED_UP_GOAL = 1.5
EXPECTED_FOR = (8, 32, 128)
DEADLINE_S = 1800
CELERY = Path(sys.executable).with_name("celery")


def _expected_seconds(street_seconds: list[float], workers: int, outside_streets: float) -> float:
    """The streets dealt longest first, each to the worker that is free first; the last one to finish."""
    finishing = [0.0] * workers
    for seconds in sorted(street_seconds, reverse=True):
        heapq.heappush(finishing, heapq.heappop(finishing) + seconds)
    return max(finishing) + outside_streets


def _worker(processes: int, queue: str, log: Path) -> subprocess.Popen:
    node = f"bench-compute-{uuid.uuid4().hex[:8]}@localhost"
    environment = os.environ | {
        "CELERY_EAGER": "false",
        "COMPUTE_QUEUE": queue,
        "ORG_TREE_ROOT_LEVEL": settings.ORG_TREE_ROOT_LEVEL,
        "DATABASE_POOL": "false",
    }
    process = subprocess.Popen(
        [
            *(str(CELERY), "-A", "starrating", "worker", "--pool=prefork", "-c", str(processes), "-Q", queue),
            *("-n", node, "-l", "warning", "--without-heartbeat", "--without-gossip", "--without-mingle"),
        ],
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).resolve().parents[2],
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[node], timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the worker did not start:\n{log.read_text(errors='replace')[-3000:]}")
    return process


def _computed(campaign, processes: int, queue: str, log: Path) -> tuple[float, CampaignComputation]:
    """Seconds from the request's commit to the end of a computation from scratch on one worker with N processes."""
    EvaluationResult.objects.filter(evaluation__campaign=campaign).delete()
    worker = _worker(processes, queue, log)
    try:
        with transaction.atomic():
            computation = campaign_compute_request(campaign=campaign)
        started = time.perf_counter()
        while True:
            computation.refresh_from_db()
            if computation.status not in (ComputationStatus.PENDING, ComputationStatus.RUNNING):
                break
            if time.perf_counter() - started > DEADLINE_S:
                raise RuntimeError(f"the computation did not end in {DEADLINE_S} s")
            time.sleep(0.1)
        seconds = time.perf_counter() - started
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    if computation.status != ComputationStatus.SUCCEEDED:
        raise RuntimeError(f"the computation {computation.status}: {computation.error}")
    return seconds, computation


def run() -> list[dict]:
    queue = f"bench-compute-{uuid.uuid4().hex[:8]}"
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    tasks = [
        app.tasks[name] for name in ("evaluations.tasks.campaign_compute", "evaluations.tasks.campaign_compute_streets")
    ]
    try:
        with override_settings(ORG_TREE_ROOT_LEVEL="province"), tempfile.TemporaryDirectory() as logs:
            for task in tasks:
                task.queue, task._exec_options = queue, None
            started = time.perf_counter()
            built = synthetic_province_build(
                shape=ProvinceShape(cities=CITIES), members=0, seed=14, today=timezone.localdate()
            )
            made = synthetic_campaign_build(
                name="全省评星",
                template=template_for("yucheng_4plus1"),
                scope=built.district,
                personalised=20,
                ballots_per_evaluation=2,
                seed=14,
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            size = {
                "organizations": built.organizations,
                "evaluations": made.evaluations,
                "score_rows": made.score_rows,
                "ballots": made.ballots,
                "set_up_s": round(time.perf_counter() - started, 1),
            }
            timed = {}
            for processes in PROCESSES:
                seconds, computation = _computed(
                    made.campaign, processes, queue, Path(logs) / f"worker-{processes}.log"
                )
                streets = list(
                    CampaignComputationStreet.objects.filter(computation=computation).values_list("seconds", flat=True)
                )
                timed[processes] = (seconds, streets)
    finally:
        app.conf.task_always_eager = eager
        for task in tasks:
            task.queue, task._exec_options = None, None
    one, one_streets = timed[1]
    two, two_streets = timed[2]
    speed_up = one / two
    outside = max(0.0, one - sum(one_streets))
    return [
        figure("province_compute_1_process_s", round(one, 2), "s", streets=len(one_streets), **size),
        figure("province_compute_2_processes_s", round(two, 2), "s", streets=len(two_streets), **size),
        figure("province_compute_speed_up", round(speed_up, 2), "x", SPEED_UP_GOAL, higher_is_better=True),
        figure(
            "province_street_task_slowest_s",
            round(max(one_streets + two_streets), 3),
            "s",
            median_street_s=round(sorted(one_streets)[len(one_streets) // 2], 3),
        ),
        figure(
            "province_compute_expected_s",
            round(_expected_seconds(one_streets, EXPECTED_FOR[0], outside), 2),
            "s",
            **{f"workers_{n}": round(_expected_seconds(one_streets, n, outside), 2) for n in EXPECTED_FOR},
            outside_streets_s=round(outside, 2),
            assumes="the database keeps up",
        ),
    ]
