"""Decide which database and broker the tests use, and say so.

Prints `KEY=value` lines for the test run. PostgreSQL and Redis are the default (DATABASE_URL and
REDIS_URL override them); on PostgreSQL DATABASE_REPLICA_URL names the same database, the replica's test mirror.
With CI=true an unreachable service fails the run; without it the run falls back to SQLite and eager Celery and
says which tests it will skip.
"""

import os
import secrets
import socket
import sys
from urllib.parse import urlparse

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/starrating"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def reachable(url: str, default_port: int) -> str | None:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=3):
            return None
    except OSError as error:
        return str(error)


def postgres_problem(url: str) -> str | None:
    problem = reachable(url, 5432)
    if problem:
        return problem
    import psycopg

    parsed = urlparse(url)
    try:
        with psycopg.connect(
            host=parsed.hostname,
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password or None,
            dbname="postgres",
            connect_timeout=3,
            autocommit=True,
        ) as connection:
            # manage.py's checks run against the named database; pytest makes its own test_ copy.
            name = parsed.path.lstrip("/") or "starrating"
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                connection.execute(f'CREATE DATABASE "{name}"')
            return None
    except psycopg.Error as error:
        return str(error).strip()


def redis_problem(url: str) -> str | None:
    problem = reachable(url, 6379)
    if problem:
        return problem
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=3).ping()
    except redis.RedisError as error:
        return str(error)
    return None


def main() -> int:
    in_ci = os.environ.get("CI", "").lower() == "true" or "--require-postgres" in sys.argv
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": "test-field-key-" + secrets.token_hex(8),
        "FAST_PASSWORD_HASHER": "true",
        "PLAIN_STATIC": "true",
        "CELERY_EAGER": "true",
        "DATABASE_POOL": "false",
        "STARRATING_VAR_DIR": os.path.abspath("var/test"),
    }
    failures = []
    if database_url.startswith("postgres"):
        problem = postgres_problem(database_url)
        if problem:
            failures.append(f"PostgreSQL at {database_url} is unreachable: {problem}")
            database_url = "sqlite:///" + os.path.abspath("var/test/test.sqlite3")
    problem = redis_problem(redis_url) if redis_url else "REDIS_URL is empty"
    if problem:
        failures.append(f"Redis at {redis_url} is unreachable: {problem}")
        redis_url = ""
    if failures and in_ci:
        for failure in failures:
            print(f"ERROR: {failure}", file=sys.stderr)
        print("ERROR: CI needs the real services; not falling back.", file=sys.stderr)
        return 1
    for failure in failures:
        print(f"WARNING: {failure}", file=sys.stderr)
    backend = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(
        f"Tests use {backend} ({database_url}) and {'Redis ' + redis_url if redis_url else 'no Redis'}.",
        file=sys.stderr,
    )
    if backend == "SQLite":
        print("Skipped: tests marked 'postgres' (they need PostgreSQL).", file=sys.stderr)
    if not redis_url:
        print("Skipped: tests marked 'redis' (they need Redis and a Celery worker).", file=sys.stderr)
    env["DATABASE_URL"] = database_url
    if backend == "PostgreSQL":
        # The replica alias as a test mirror of the primary: the pages that read from a replica run through the
        # router in every test (tests/support/replica.py). SQLite has no replica.
        env["DATABASE_REPLICA_URL"] = database_url
    env["REDIS_URL"] = redis_url
    os.makedirs("var/test/static", exist_ok=True)
    for key, value in env.items():
        print(f"{key}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
