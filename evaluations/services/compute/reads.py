"""The reads of one chunk (a street), set-based: a few queries, on this connection or a second one reading ahead."""

import functools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Aggregate, Count, F, TextField
from django.db.models.functions import Cast, Coalesce

from evaluations.models import (
    Ballot,
    Campaign,
    Evaluation,
    PersonalizedItem,
    Score,
    VetoHit,
)
from orgs.tree import street_path_length


class PointsByKey(Aggregate):
    """The points of a group of scores as one JSON object, score key → points, read as text. On PostgreSQL the keys
    come in order, so the same scores give the same text and the text itself can be fingerprinted."""

    function = "JSON_OBJECT_AGG"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        key_sql, key_params = compiler.compile(self.get_source_expressions()[0])
        sql, params = super().as_sql(
            compiler,
            connection,
            template="%(function)s(%(expressions)s ORDER BY " + key_sql.replace("%", "%%") + ")::text",
            **extra_context,
        )
        return sql, (*params, *key_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="JSON_GROUP_OBJECT", template="%(function)s(%(expressions)s)"
        )


# A score points at a template item or at a personalised sub-item. The scores are read keyed by the id (the
# personalised one negated, so both fit one key) rather than by the code: the code would need a join with every
# personalised sub-item of the campaign; the ids are turned into codes in Python from what the chunk reads anyway.
SCORE_KEY = Cast(Coalesce("item_id", -F("personalized_item_id")), TextField())


# Enough memory for a street's scores to be grouped without spilling to disk (PostgreSQL's default is 4 MB).
CHUNK_WORK_MEM_SQL = "SET LOCAL work_mem = '64MB'"


def chunk_lookup(chunk: str) -> tuple[str, str]:
    """The organization path lookup that selects a chunk: a street's subtree, or one organization above them."""
    return ("path__startswith", chunk) if len(chunk) >= street_path_length() else ("path", chunk)


def chunk_reads(campaign: Campaign, chunks: Iterable[str]) -> Iterator[tuple[str, Callable[[], "ChunkRead"]]]:
    """Each chunk with how to get its reads, taking the chunks from ``chunks`` only as they are needed (a worker
    claims its streets as it goes). On PostgreSQL, outside a transaction, a second connection reads the next
    streets while this one computes and writes the current one: the database and Python each keep a core busy.
    Inside a transaction (or on SQLite) another connection would not see what it holds: each street is read in
    its own chunk transaction then."""
    if not (
        settings.CAMPAIGN_COMPUTE_READ_AHEAD and connection.vendor == "postgresql" and not connection.in_atomic_block
    ):
        for chunk in chunks:
            yield chunk, functools.partial(_read_in_chunk_transaction, campaign, chunk)
        return
    upcoming: deque = deque()
    remaining = iter(chunks)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="compute-read") as reader:

        def read_next() -> None:
            chunk = next(remaining, None)
            if chunk is not None:
                upcoming.append((chunk, reader.submit(_read_ahead, campaign, chunk)))

        try:
            for _ in range(settings.CAMPAIGN_COMPUTE_READ_AHEAD_STREETS):
                read_next()
            while upcoming:
                chunk, current = upcoming.popleft()
                read_next()
                yield chunk, current.result
        finally:
            for _chunk, future in upcoming:
                future.cancel()
            reader.submit(_close_connection)


def _close_connection() -> None:
    """Close this thread's connection (``connection.close`` looked up elsewhere would be that thread's)."""
    connection.close()


def _read_ahead(campaign: Campaign, chunk: str) -> "ChunkRead":
    with transaction.atomic():
        _set_chunk_work_mem()
        return read_chunk(campaign, chunk)


def _read_in_chunk_transaction(campaign: Campaign, chunk: str) -> "ChunkRead":
    _set_chunk_work_mem()
    return read_chunk(campaign, chunk)


def _set_chunk_work_mem() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(CHUNK_WORK_MEM_SQL)


@dataclass(frozen=True)
class ChunkRead:
    """A chunk's rows as the database returns them, before any Python work on them."""

    evaluations: list[tuple]  # (id, organization id, template id, fingerprint of the stored result)
    personalised: list[tuple]  # (organization id, *PERSONALISED_FIELDS, order, id), in no particular order
    scores: list[tuple]  # (evaluation id, stage, JSON text: score key → points)
    vetoes: list[tuple]  # (evaluation id, stage, veto item code)
    votes: list[tuple]  # (evaluation id, rater group, option, count)


def read_chunk(campaign: Campaign, chunk: str) -> ChunkRead:
    """The chunk's evaluations and their inputs, in five reads whose number does not depend on the chunk's size."""
    # A street's chunk is its subtree; an organization above the streets (a shorter path) is a chunk of its own.
    where_key, where_value = chunk_lookup(chunk)
    where = {f"organization__{where_key}": where_value}
    # The chunk's evaluations by a join rather than a list of ids: no thousands of parameters to send.
    in_chunk = {"evaluation__campaign": campaign, f"evaluation__organization__{where_key}": where_value}
    return ChunkRead(
        evaluations=raw_rows(
            Evaluation.objects.filter(campaign=campaign, **where)
            .order_by()
            .values_list("pk", "organization_id", "template_id", "result__inputs_fingerprint")
        ),
        # Unsorted and without names or standards (they change no result): sorting a street's sub-items in the
        # database took longer than reading them.
        personalised=raw_rows(
            PersonalizedItem.objects.filter(campaign=campaign, **where)
            .order_by()
            .values_list("organization_id", "parent_code", "code", Cast("points_max", TextField()), "order", "pk")
        ),
        # The points arrive aggregated per evaluation and stage, one JSON object each: far fewer rows to read.
        scores=raw_rows(
            Score.objects.filter(**in_chunk)
            .values_list("evaluation_id", "stage")
            .annotate(points=PointsByKey(SCORE_KEY, Cast("points", TextField())))
            .order_by()
        ),
        vetoes=raw_rows(
            VetoHit.objects.filter(**in_chunk).values_list("evaluation_id", "stage", "veto_item__code").order_by()
        ),
        votes=raw_rows(
            Ballot.objects.filter(**{f"survey__{lookup}": value for lookup, value in in_chunk.items()})
            .values_list("survey__evaluation_id", "rater_group", "option")
            .annotate(count=Count("pk"))
            .order_by()
        ),
    )


def raw_rows(queryset) -> list[tuple]:
    """The rows of a values_list query as the driver returns them: for the large reads, no per-row conversion."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
