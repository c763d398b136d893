"""`make run` without Redis: the web process queues tasks as files under var/celery, and a real worker runs them."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _environment(var_dir: Path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"}
    }
    environment.update(
        SECRET_KEY="embedded-broker-test-" + "x" * 40,
        FIELD_ENCRYPTION_KEY="embedded-broker-test-key",
        STARRATING_VAR_DIR=str(var_dir),
        CELERY_EMBEDDED_BROKER="true",
        CELERY_EAGER="false",
        DJANGO_SETTINGS_MODULE="starrating.settings",
    )
    return environment


def test_a_task_queued_by_the_web_side_runs_in_a_worker_on_the_embedded_broker(tmp_path):
    environment = _environment(tmp_path)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=environment, check=True, timeout=180)
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "starrating",
                "worker",
                "--pool=solo",
                *("-Q", "celery,compute"),  # as `make run` starts it: every queue
                "-l",
                "info",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        queued = subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from evaluations.tasks import campaign_compute, reminders_send;"
                " print(campaign_compute.delay(0).id); print(reminders_send.delay().id)",
            ],
            cwd=ROOT,
            env=environment,
            check=True,
            timeout=60,
            capture_output=True,
            text=True,
        )
        compute_id, task_id = queued.stdout.strip().splitlines()[-2:]
        done = (f"reminders_send[{task_id}] succeeded", f"campaign_compute[{compute_id}] succeeded")
        deadline = time.monotonic() + 60
        while not all(line in log.read_text() for line in done) and time.monotonic() < deadline:
            time.sleep(0.2)
        text = log.read_text()
        assert f"reminders_send[{task_id}] received" in text, text[-2000:]  # through the broker, not run in place
        assert f"reminders_send[{task_id}] succeeded" in text, text[-2000:]
        # Computing goes on a queue of its own ("compute"), which the worker of `make run` consumes too.
        assert f"campaign_compute[{compute_id}] succeeded" in text, text[-2000:]
        assert not list((tmp_path / "celery" / "messages").iterdir())  # nothing left waiting
    finally:
        worker.terminate()
        worker.wait(timeout=30)
