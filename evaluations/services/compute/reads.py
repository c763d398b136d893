"""The reads of one chunk (a street), set-based: a few queries, on this connection or a second one reading ahead."""

import functools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, Count, F, Func, OuterRef, QuerySet, Subquery, TextField
from django.db.models.functions import Cast, Coalesce, Collate

from evaluations.models import (
    Ballot,
    Campaign,
    Evaluation,
    EvaluationResult,
    PersonalizedItem,
    Score,
    VetoHit,
)
from orgs.models import Organization
from orgs.tree import street_path_length

# A score points at a template item or at a personalised sub-item. The scores are read keyed by the id (the
# personalised one negated, so both fit one key) rather than by the code: the code would need a join with every
# personalised sub-item of the campaign; the ids are turned into codes in Python from what the chunk reads anyway.
SCORE_KEY = Cast(Coalesce("item_id", -F("personalized_item_id")), TextField())


# The collation that orders text by its bytes, so the keys come in the same order whatever the database's own.
BYTE_ORDER = {"postgresql": "C", "sqlite": "BINARY"}


def points_by_key(scores: QuerySet) -> list[tuple]:
    """The points of these scores as one JSON object per evaluation and stage, score key → points (as text), read as
    text. The scores are sorted first, by evaluation, stage and key, and aggregated in that order: one sort in all
    (an ordered aggregate sorts every group anew). On PostgreSQL the same scores give the same text, so the text
    itself can be fingerprinted."""
    ordered = (
        scores.annotate(score_key=SCORE_KEY, score_points=Cast("points", TextField()))
        .values_list("evaluation_id", "stage", "score_key", "score_points")
        .order_by("evaluation_id", "stage", Collate("score_key", BYTE_ORDER[connection.vendor]))
    )
    sql, params = ordered.query.sql_with_params()
    points = (
        "JSON_OBJECT_AGG(score_key, score_points)::text"
        if connection.vendor == "postgresql"
        else "JSON_GROUP_OBJECT(score_key, score_points)"
    )
    grouped = f"SELECT evaluation_id, stage, {points} FROM ({sql}) scores GROUP BY evaluation_id, stage"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(grouped, params)
        return cursor.fetchall()


class AnyOf(Func):
    """``column = ANY(%s)`` with the ids as one array parameter, as a filter: a street's few hundred ids cost no
    work per id in Python (``__in`` makes a parameter of each). Elsewhere than on PostgreSQL, ``IN``."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column: str, ids: list[int]):
        super().__init__(F(column))
        self.ids = ids

    def as_sql(self, compiler, connection, **extra_context):
        column_sql, column_params = compiler.compile(self.get_source_expressions()[0])
        if connection.vendor == "postgresql":
            return f"{column_sql} = ANY(%s)", (*column_params, self.ids)
        return f"{column_sql} IN ({', '.join(['%s'] * len(self.ids))})", (*column_params, *self.ids)


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
    """The chunk's evaluations and their inputs, in six reads whose number does not depend on the chunk's size. The
    first finds the chunk's organizations by their path; every other read goes by their ids or their evaluations'
    (a few hundred of a street), so each is a lookup in an index whatever PostgreSQL's statistics say. Joined by
    the path instead, a planner that takes the path for less selective than it is reads every evaluation of the
    campaign for each street; and one that knows the results table as empty (analyzed before the computation
    filled it) reads every result."""
    # A street's chunk is its subtree; an organization above the streets (a shorter path) is a chunk of its own.
    where_key, where_value = chunk_lookup(chunk)
    organizations = list(Organization.objects.filter(**{where_key: where_value}).values_list("pk", flat=True))
    fingerprint = EvaluationResult.objects.filter(evaluation=OuterRef("pk")).values("inputs_fingerprint")
    evaluations = organizations and raw_rows(
        Evaluation.objects.filter(AnyOf("organization_id", organizations), campaign=campaign)
        .order_by()
        .values_list("pk", "organization_id", "template_id", Subquery(fingerprint))
    )
    if not evaluations:
        return ChunkRead(evaluations=[], personalised=[], scores=[], vetoes=[], votes=[])
    ids = [row[0] for row in evaluations]
    return ChunkRead(
        evaluations=evaluations,
        # Unsorted and without names or standards (they change no result): sorting a street's sub-items in the
        # database took longer than reading them.
        personalised=raw_rows(
            PersonalizedItem.objects.filter(AnyOf("organization_id", organizations), campaign=campaign)
            .order_by()
            .values_list("organization_id", "parent_code", "code", Cast("points_max", TextField()), "order", "pk")
        ),
        # The points arrive aggregated per evaluation and stage, one JSON object each: far fewer rows to read.
        scores=points_by_key(Score.objects.filter(AnyOf("evaluation_id", ids))),
        vetoes=raw_rows(
            VetoHit.objects.filter(AnyOf("evaluation_id", ids))
            .values_list("evaluation_id", "stage", "veto_item__code")
            .order_by()
        ),
        votes=raw_rows(
            Ballot.objects.filter(AnyOf("survey__evaluation_id", ids))
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
