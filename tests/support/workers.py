"""Real Celery workers for the tests that are about Celery: `celery worker --pool=solo` subprocesses on a queue of
their own (so other workers on the same Redis never take these tasks), pointed at the test database. Everything
waits by polling, within a deadline."""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from starrating.celery import app

CELERY = Path(sys.executable).with_name("celery")
DEADLINE_SECONDS = 20


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

    def __init__(self, queue: str, log_dir: Path, **settings: str):
        self.queue = queue
        self.log_dir = log_dir
        self.settings = settings  # for every worker started
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def start(self, **settings: int) -> subprocess.Popen:
        nodename = f"compute-{uuid.uuid4().hex[:12]}@localhost"
        environment = os.environ | {
            "DATABASE_URL": _test_database_url(),
            "DATABASE_POOL": "false",
            "CELERY_EAGER": "false",
        }
        environment |= {name: str(value) for name, value in (self.settings | settings).items()}
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
                cwd=Path(__file__).resolve().parents[2],
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


@contextmanager
def workers_on_own_queue(tasks, name: str, log_dir: Path, monkeypatch) -> Iterator[Workers]:
    """These tasks go to a queue of their own, through Redis, to the workers started; the workers send the tasks
    they queue themselves (a task per street, follow-ups) to the same queue."""
    queue = f"starrating-test-{name}-{uuid.uuid4().hex}"
    for each in tasks:
        task = app.tasks[each.name]
        monkeypatch.setattr(task, "queue", queue, raising=False)
        monkeypatch.setattr(task, "_exec_options", None)  # Celery caches a task's routing options
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    started = Workers(queue, log_dir, COMPUTE_QUEUE=queue)
    try:
        yield started
    finally:
        started.stop_all()
        app.conf.task_always_eager = eager
