"""Computing a province's campaign on real Celery workers, with 1 and with 2 worker processes in the same run.

Issue 14: a synthetic province of more than 100,000 organizations (``seed_synthetic --province``'s shape, six cities)
with a campaign over all of it: 57 review scores an organization (6.6 million score rows) and two ballots. Real
worker processes on a queue of their own (tests/bench/_workers.py, against the bench database and Redis) compute it
from scratch, with one process and with two, three times each by turns; the time runs from the request to the
computation's end, and the median run counts. The results are removed and their table vacuumed and analyzed
before each run, so each starts from statistics that know the table as empty: the reads must not lean on them.
Figures: both times and the speed-up (goal at least 1.5 on this two-core machine, where PostgreSQL shares the
cores), the slowest street's task, and from the measured street times the time to expect with 8, 32 and 128
worker processes: the streets dealt longest first to the least busy worker (the order the queue gives them in,
near enough), plus what the one-process run spent outside the streets. That expectation assumes the database
keeps up: past a few dozen workers, PostgreSQL's own cores and disks set the pace (README: Operations).
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

from django.db import connection
from django.test import override_settings
from django.utils import timezone

from evaluations.management.synthetic_campaigns import synthetic_campaign_build, template_for
from evaluations.models import ComputationStatus
from orgs.services.synthetic.province import ProvinceShape, synthetic_province_build
from tests.bench import figure
from tests.bench._workers import BenchWorkers, expected_seconds, street_seconds

# 115,735 organizations; BENCH_PROVINCE_CITIES=1 measures a sixth of it (a quick try, not the figure).
CITIES = int(os.environ.get("BENCH_PROVINCE_CITIES", "6"))
PROCESSES = (1, 2)
# Each count is timed this many times, taking turns (1, 2, 1, 2 …), and the median taken: this machine's speed
# drifts by a tenth within minutes, and one pair of runs would give the drift's speed-up as much as the workers'.
ROUNDS = int(os.environ.get("BENCH_PROVINCE_ROUNDS", "3"))
SPEED_UP_GOAL = 1.5
EXPECTED_FOR = (8, 32, 128)


def _computed(campaign, processes: int, logs: Path) -> tuple[float, list[float]]:
    """Seconds from the request to the end of a computation from scratch by N real worker processes (started
    beforehand), and the seconds of each street."""
    workers = BenchWorkers(processes, logs)
    try:
        seconds, computation = workers.compute_from_scratch(campaign.pk)
    finally:
        workers.stop()
    if computation.status != ComputationStatus.SUCCEEDED:
        raise RuntimeError(f"the computation {computation.status}: {computation.error}")
    return seconds, street_seconds(computation)


def _median_run(runs: list[tuple[float, list[float]]]) -> tuple[float, list[float]]:
    """The run of median time (of an even number, the faster of the middle two), with its streets' times."""
    return sorted(runs, key=lambda timed: timed[0])[(len(runs) - 1) // 2]


def _runs(runs: list[tuple[float, list[float]]]) -> list[float]:
    return [round(seconds, 2) for seconds, _streets in runs]


def run() -> list[dict]:
    with override_settings(ORG_TREE_ROOT_LEVEL="province"), tempfile.TemporaryDirectory() as logs:
        started = time.perf_counter()
        shape = ProvinceShape(cities=CITIES)
        built = synthetic_province_build(shape=shape, members=0, seed=14, today=timezone.localdate())
        made = synthetic_campaign_build(
            name="全省评星",
            template=template_for("yucheng_4plus1"),
            scope=built.district,
            personalised=20,
            ballots_per_evaluation=2,
            seed=14,
        )
        with connection.cursor() as cursor:
            # As a province's data sits in a running system, not as freshly loaded: the visibility map is set, and
            # autovacuum has nothing of the loading left to do during the timed runs.
            cursor.execute("VACUUM (ANALYZE)")
        size = {
            "organizations": built.organizations,
            "evaluations": made.evaluations,
            "score_rows": made.score_rows,
            "ballots": made.ballots,
            "set_up_s": round(time.perf_counter() - started, 1),
        }
        timed: dict[int, list[tuple[float, list[float]]]] = {processes: [] for processes in PROCESSES}
        for _round in range(ROUNDS):
            for processes in PROCESSES:
                timed[processes].append(_computed(made.campaign, processes, Path(logs)))
    (one, one_streets), (two, two_streets) = (_median_run(timed[processes]) for processes in PROCESSES)
    outside = max(0.0, one - sum(one_streets))
    expected = {f"workers_{n}": round(expected_seconds(one_streets, n, outside), 2) for n in EXPECTED_FOR}
    return [
        figure(
            "province_compute_1_process_s", round(one, 2), "s", streets=len(one_streets), runs=_runs(timed[1]), **size
        ),
        figure(
            "province_compute_2_processes_s", round(two, 2), "s", streets=len(two_streets), runs=_runs(timed[2]), **size
        ),
        figure("province_compute_speed_up", round(one / two, 2), "x", SPEED_UP_GOAL, higher_is_better=True),
        figure(
            "province_street_task_slowest_s",
            round(max(one_streets + two_streets), 3),
            "s",
            median_street_s=round(statistics.median(one_streets), 3),
        ),
        figure(
            "province_compute_expected_s",
            expected[f"workers_{EXPECTED_FOR[0]}"],
            "s",
            **expected,
            outside_streets_s=round(outside, 2),
            assumes="the database keeps up",
        ),
    ]
