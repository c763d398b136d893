"""Another database session holding locks, and steps run in threads beside it: how the tests see that work on
different streets goes on at once while work on the same street (or over everything) waits its turn."""

import threading
from collections.abc import Callable

import psycopg
from django.db import connection, connections

WAIT_SECONDS = 20


def session_holding(*statements: tuple[str, list]) -> psycopg.Connection:
    """A second session on the test database, in a transaction that ran the statements (taking their locks) and
    holds them until it is rolled back."""
    settings = connection.settings_dict
    held = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
    )
    for sql, params in statements:
        held.execute(sql, params)
    return held


class Stepped:
    """A step run in a thread of its own (with its own database connection); ``done`` tells when it has ended."""

    def __init__(self, step: Callable[[], object]):
        self.done = threading.Event()

        def run():
            try:
                step()
            finally:
                connections.close_all()
                self.done.set()

        self.thread = threading.Thread(target=run)
        self.thread.start()

    def ended_within(self, seconds: float) -> bool:
        return self.done.wait(seconds)

    def join(self) -> None:
        self.done.wait(WAIT_SECONDS)
        self.thread.join(WAIT_SECONDS)
