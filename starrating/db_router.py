"""Heavy reads on a PostgreSQL read replica (DATABASE_REPLICA_URL), chosen explicitly, never a write.

Only the reads made inside ``reads_from_replica()`` go to the replica: the pages and downloads that read much and
write nothing a later read of theirs depends on (the ranking, the overview, the consequence lists, the exports).
Everything else, every write, every ``select_for_update()`` and every migration goes to the primary (``default``),
so a request that writes and then reads sees its own write whatever the replica's lag. Without DATABASE_REPLICA_URL
there is no "replica" alias and no router: ``reads_from_replica()`` changes nothing.

    @reads_from_replica()
    def campaign_ranking_view(request, pk): ...

    with reads_from_replica():
        progress = campaign_progress_for(user)
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA_ALIAS = "replica"

_on_replica: ContextVar[bool] = ContextVar("reads_from_replica", default=False)


def replica_alias() -> str:
    """The alias that replica reads use: "replica" when DATABASE_REPLICA_URL is set, else the primary."""
    return REPLICA_ALIAS if REPLICA_ALIAS in settings.DATABASES else DEFAULT_DB_ALIAS


@contextmanager
def reads_from_replica() -> Iterator[None]:
    """Send the reads made inside (a ``with`` block, or a decorated view) to the replica; writes stay on the primary."""
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


class ReplicaRouter:
    """Reads inside ``reads_from_replica()`` go to the replica; everything else to the primary, as without a router."""

    def db_for_read(self, model, **hints) -> str:
        return replica_alias() if _on_replica.get() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        # Explicitly the primary, also for an object read from the replica (Django would otherwise write where it read).
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # both aliases hold the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema by replication
