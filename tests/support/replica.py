"""The tests' replica: a test mirror of the primary that runs on the primary's own database session.

Django's test mirror (DATABASES["replica"]["TEST"]["MIRROR"] = "default") is a second session on the test database,
which sees nothing of what a test wrote inside its transaction. Here the replica alias keeps its own wrapper (so its
queries can be captured apart: CaptureQueriesContext(connections["replica"])) but runs them on the primary's session,
so a page reading through it sees the test's rows. Like a hot standby it refuses to write. Its queries are counted on
the primary's log too, so the query pins of a page count everything the page asks, whichever alias answers.
"""

import re
from collections import deque

from django.db.backends.base.base import BaseDatabaseWrapper

WRITES = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|TRUNCATE|MERGE|CREATE|ALTER|DROP|COPY)\b|\bFOR\s+(NO\s+KEY\s+)?UPDATE\b", re.I
)


class WriteOnReplica(AssertionError):
    pass


def refuse_writes(execute, sql, params, many, context):
    """An execute wrapper: the replica is read-only, as a PostgreSQL hot standby is."""
    if WRITES.search(str(sql)):
        raise WriteOnReplica(f"a write reached the replica: {sql[:200]}")
    return execute(sql, params, many, context)


class _TeeLog(deque):
    """The replica's query log that also logs into the primary's while the primary's queries are being logged."""

    def __init__(self, primary: BaseDatabaseWrapper, maxlen: int):
        super().__init__(maxlen=maxlen)
        self.primary = primary

    def append(self, query) -> None:
        super().append(query)
        if self.primary.queries_logged:
            self.primary.queries_log.append(query)


def share_primary_session(mirror: BaseDatabaseWrapper, primary: BaseDatabaseWrapper) -> None:
    """Make the mirror's wrapper run on the primary's session (this thread's; a live server thread has its own)."""

    class SharedSessionMirror(type(mirror)):
        @property
        def connection(self):
            return primary.connection

        @connection.setter
        def connection(self, value) -> None:
            pass  # the primary opens and closes the session

        def connect(self) -> None:
            primary.ensure_connection()

        def _close(self) -> None:
            pass

        @property
        def queries_logged(self) -> bool:
            return self.force_debug_cursor or primary.queries_logged

    mirror.__class__ = SharedSessionMirror
    mirror.queries_log = _TeeLog(primary, mirror.queries_limit)
    mirror.execute_wrappers.append(refuse_writes)
