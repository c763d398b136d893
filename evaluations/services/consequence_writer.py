"""Writing new consequences in bulk: COPY straight into the table on PostgreSQL (no per-value quoting; the partial
unique index still refuses a second active row for the same occasion), bulk_create elsewhere."""

import json

from django.db import connection

from evaluations.models import Consequence

COLUMNS = (
    "rule_set_id",
    "rule_id",
    "rule_version",
    "action",
    "target",
    "organization_id",
    "person_key",
    "person_name",
    "secretary_id",
    "member_id",
    "occasion",
    "year",
    "result_ids",
    "explanation",
    "inputs_fingerprint",
    "due_on",
    "status",
    "withdrawn_reason",
    "withdrawn_at",
    "created_at",
    "updated_at",
)
COPY_SQL = f"COPY {Consequence._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN"


def consequences_insert(rows: list[dict]) -> int:
    """Insert the rows (dicts keyed by COLUMNS, ``result_ids`` a list); returns how many."""
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        Consequence.objects.bulk_create([Consequence(**row) for row in rows], batch_size=2000)
        return len(rows)
    encode = json.JSONEncoder().encode
    with connection.cursor() as cursor, cursor.cursor.copy(COPY_SQL) as copy:
        for row in rows:
            copy.write_row([encode(row[column]) if column == "result_ids" else row[column] for column in COLUMNS])
    return len(rows)


UPDATED_COLUMNS = ("result_ids", "explanation", "inputs_fingerprint", "due_on", "person_name", "updated_at")
SCRATCH_SQL = """
CREATE TEMPORARY TABLE IF NOT EXISTS consequence_updates (
    id bigint, result_ids jsonb, explanation text, inputs_fingerprint varchar(32), due_on date,
    person_name varchar(50), updated_at timestamp with time zone
) ON COMMIT DROP
"""
UPDATE_COPY_SQL = f"COPY consequence_updates (id, {', '.join(UPDATED_COLUMNS)}) FROM STDIN"
UPDATE_SQL = """
WITH copied AS (DELETE FROM consequence_updates RETURNING *)
UPDATE evaluations_consequence AS row SET
    result_ids = copied.result_ids, explanation = copied.explanation, inputs_fingerprint = copied.inputs_fingerprint,
    due_on = copied.due_on, person_name = copied.person_name, updated_at = copied.updated_at
FROM copied WHERE row.id = copied.id
"""


def consequences_update(rows: list[dict]) -> int:
    """Rewrite the rows whose results changed (dicts with ``id`` and UPDATED_COLUMNS): on PostgreSQL one COPY into a
    scratch table and one UPDATE, whatever their number; bulk_update elsewhere."""
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        Consequence.objects.bulk_update(
            [Consequence(pk=row["id"], **{column: row[column] for column in UPDATED_COLUMNS}) for row in rows],
            UPDATED_COLUMNS,
            batch_size=2000,
        )
        return len(rows)
    encode = json.JSONEncoder().encode
    with connection.cursor() as cursor:
        cursor.execute(SCRATCH_SQL)
        with cursor.cursor.copy(UPDATE_COPY_SQL) as copy:
            for row in rows:
                copy.write_row([row["id"], *(encode(row[c]) if c == "result_ids" else row[c] for c in UPDATED_COLUMNS)])
        cursor.execute(UPDATE_SQL)
    return len(rows)
