"""The ballot endpoint under load: gunicorn (2 workers) on loopback, residents voting through the real pages.

Issue 3: at least 300 ballots/s with no lost or doubled ballot. The bench issues CODES one-time codes, starts
gunicorn on a free 127.0.0.1 port against the bench database, and a load generator of CLIENTS threads (plain
sockets, loopback only, at most CODES ballots and DEADLINE_S seconds) does what a phone does per code:
GET /v/<code>/ (the code is traded for a session and a CSRF cookie), then POST /v/ with the option. Afterwards
the ballots must equal the used codes and the 302 answers to the POST.

The load generator shares the machine's cores with the server and PostgreSQL, so the figure also says how much
CPU each side spent per ballot (from /proc, Linux only): a load generator that eats a core would hide the
server's real rate.
"""

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from django.utils import timezone

from evaluations.models import Ballot, VoteCode
from evaluations.services.votes.codes import MAX_CODES_PER_ISSUE, vote_codes_issue
from tests.bench import figure
from tests.factories import build_district
from tests.support.votes import open_survey

CODES = 6_000
CLIENTS = 16
WORKERS = 2
DEADLINE_S = 60
TARGET = 300
OPTIONS = ("satisfied", "fairly_satisfied", "fair", "unsatisfied")
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_server(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_POOL": "true",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "starrating.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    started = time.monotonic()
    while time.monotonic() - started < 30:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped: " + server.stderr.read().decode(errors="replace")[-2000:])
        try:
            _request(port, "GET", "/v/thanks/")
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 30 s")


def _request(port: int, method: str, path: str, *, body: str = "", headers: dict | None = None):
    """One exchange on a connection of its own (gunicorn's sync workers close it anyway), written and read with
    a plain socket: http.client and SimpleCookie cost the load generator nearly twice the CPU, taken from the
    server it shares the cores with. Returns the status, the Location and the Set-Cookie values."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body.encode())}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n" + body).encode())
        received = bytearray()
        while chunk := sock.recv(65536):
            received += chunk
    status_line, *header_lines = bytes(received).split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    location, cookies = "", []
    for line in header_lines:
        name, _colon, value = line.partition(":")
        if name.lower() == "location":
            location = value.strip()
        elif name.lower() == "set-cookie":
            cookies.append(value.strip())
    return int(status_line.split()[1]), location, cookies


def _vote(port: int, code: str, option: str) -> bool:
    """One resident: open the link, then post the ballot. True when the ballot was accepted (302 to thanks)."""
    status, location, cookies = _request(port, "GET", f"/v/{code}/")
    if status != 302 or location != "/v/":
        return False
    jar = dict(cookie.split(";", 1)[0].split("=", 1) for cookie in cookies)
    body = urlencode({"option": option, "csrfmiddlewaretoken": jar["csrftoken"]})
    status, location, _cookies = _request(
        port,
        "POST",
        "/v/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{name}={value}" for name, value in jar.items()),
        },
    )
    return status == 302 and location == "/v/thanks/"


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds of the given processes so far (0 where /proc cannot say)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime and stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def _server_pids(server: subprocess.Popen) -> list[int]:
    """The gunicorn master and its workers."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        children = []
    return [server.pid, *map(int, children)]


def _database_pids() -> list[int]:
    """The PostgreSQL backends serving this database (the server's pools and this process)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        return [pid for (pid,) in cursor.fetchall()]


def _load(port: int, codes: list[str]) -> tuple[int, int, float]:
    """Cast one ballot per code from CLIENTS threads; stop at DEADLINE_S. Returns accepted, refused, seconds."""
    work: queue.Queue[tuple[str, str]] = queue.Queue()
    for index, code in enumerate(codes):
        work.put((code, OPTIONS[index % len(OPTIONS)]))
    lock = threading.Lock()
    counts = {"accepted": 0, "refused": 0}
    deadline = time.monotonic() + DEADLINE_S

    def client() -> None:
        while time.monotonic() < deadline:
            try:
                code, option = work.get_nowait()
            except queue.Empty:
                return
            try:
                accepted = _vote(port, code, option)
            except OSError:
                accepted = False
            with lock:
                counts["accepted" if accepted else "refused"] += 1

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts["accepted"], counts["refused"], time.perf_counter() - started


def run() -> list[dict]:
    district = build_district()
    survey = open_survey(district)
    codes: list[str] = []
    while len(codes) < CODES:
        codes += vote_codes_issue(
            survey=survey,
            count=min(MAX_CODES_PER_ISSUE, CODES - len(codes)),
            expires_at=timezone.now() + timedelta(days=1),
            by=district.users["street_staff"],
        )
    port = _free_port()
    server = _start_server(port)
    try:
        _vote(port, codes.pop(), "satisfied")  # warm both workers' imports and pools outside the timing
        _vote(port, codes.pop(), "satisfied")
        server_pids, database_pids = _server_pids(server), _database_pids()
        cpu_before = [time.process_time(), _cpu_seconds(server_pids), _cpu_seconds(database_pids)]
        accepted, refused, seconds = _load(port, codes)
        cpu = [
            after - before
            for after, before in zip(
                [time.process_time(), _cpu_seconds(server_pids), _cpu_seconds(database_pids)], cpu_before, strict=True
            )
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    ballots = Ballot.objects.filter(survey=survey).count() - 2
    used = VoteCode.objects.filter(survey=survey, used=True).count() - 2
    rate = round(accepted / seconds, 1)
    per_ballot_ms = [round(seconds_spent * 1000 / max(accepted, 1), 2) for seconds_spent in cpu]
    return [
        figure(
            "ballots_per_s",
            rate,
            "ballots/s",
            TARGET,
            higher_is_better=True,
            ballots=ballots,
            used_codes=used,
            refused=refused,
            seconds=round(seconds, 2),
            workers=WORKERS,
            clients=CLIENTS,
            cpu_ms_per_ballot={"load": per_ballot_ms[0], "server": per_ballot_ms[1], "database": per_ballot_ms[2]},
            lost=max(0, accepted - ballots),
            doubled=max(0, ballots - accepted) + abs(ballots - used),
        )
    ]
