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
