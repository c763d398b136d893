"""Writing new consequences in bulk: COPY straight into the table on PostgreSQL (no per-value quoting; the partial
unique index still refuses a second active row for the same occasion), bulk_create elsewhere; and the inputs
digests of the organizations the rules were applied to."""

import json
from collections.abc import Iterable
from datetime import datetime

from django.db import connection

from evaluations.models import Consequence, ConsequenceInputs, ConsequenceStatus

# A new row's values, in this order; it is in force, not withdrawn, and created and updated now.
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
)
COPY_SQL = (
    f"COPY {Consequence._meta.db_table} ({', '.join(COLUMNS)}, status, withdrawn_reason, created_at, updated_at) "
    "FROM STDIN"
)
NULL = "\\N"
COPY_BATCH = 2000  # rows sent at a time, so the server stores a batch while the next one is made


def _text(value: str) -> str:
    """A text value as COPY's text format reads it."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _line(row: tuple, tail: str) -> str:
    """One row in COPY's text format (None as \\N, ``result_ids`` as a JSON list of numbers)."""
    (rule_set, rule, version, action, target, organization, person, name, secretary, member, occasion, year) = row[:12]
    ids, explanation, fingerprint, due_on = row[12:]
    secretary = NULL if secretary is None else secretary
    member = NULL if member is None else member
    due_on = NULL if due_on is None else due_on.isoformat()
    return (
        f"{rule_set}\t{rule}\t{version}\t{action}\t{target}\t{organization}\t{_text(person)}\t{_text(name)}\t"
        f"{secretary}\t{member}\t{_text(occasion)}\t{year}\t[{', '.join(map(str, ids))}]\t{_text(explanation)}\t"
        f"{fingerprint}\t{due_on}\t{tail}\n"
    )


def consequences_insert(rows: Iterable[tuple], *, now: datetime) -> int:
    """Insert new consequences in force (tuples in COLUMNS order, ``result_ids`` a sequence of numbers), made as
    they are sent; returns how many."""
    if connection.vendor != "postgresql":
        new = [Consequence(**dict(zip(COLUMNS, row, strict=True)), created_at=now, updated_at=now) for row in rows]
        for consequence in new:
            consequence.result_ids = list(consequence.result_ids)
        Consequence.objects.bulk_create(new, batch_size=2000)
        return len(new)
    tail = f"{ConsequenceStatus.ACTIVE.value}\t\t{now.isoformat()}\t{now.isoformat()}"
    count, lines = 0, []
    with connection.cursor() as cursor, cursor.cursor.copy(COPY_SQL) as copy:
        for row in rows:
            lines.append(_line(row, tail))
            if len(lines) == COPY_BATCH:
                copy.write("".join(lines))
                count, lines = count + len(lines), []
        if lines:
            copy.write("".join(lines))
    return count + len(lines)


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


def consequences_update(rows: list[tuple]) -> int:
    """Rewrite the rows whose results changed (tuples of the id and UPDATED_COLUMNS): on PostgreSQL one COPY into a
    scratch table and one UPDATE, whatever their number; bulk_update elsewhere."""
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        Consequence.objects.bulk_update(
            [
                Consequence(pk=pk, result_ids=list(result_ids), **dict(zip(UPDATED_COLUMNS[1:], values, strict=True)))
                for pk, result_ids, *values in rows
            ],
            UPDATED_COLUMNS,
            batch_size=2000,
        )
        return len(rows)
    encode = json.JSONEncoder().encode
    with connection.cursor() as cursor:
        cursor.execute(SCRATCH_SQL)
        with cursor.cursor.copy(UPDATE_COPY_SQL) as copy:
            for pk, result_ids, *values in rows:
                copy.write_row((pk, encode(list(result_ids)), *values))
        cursor.execute(UPDATE_SQL)
    return len(rows)


INPUTS_SQL = """
INSERT INTO evaluations_consequenceinputs (organization_id, inputs_digest, applied_at)
SELECT organization_id, inputs_digest, %s
FROM unnest(%s::bigint[], %s::varchar[]) AS given(organization_id, inputs_digest)
ON CONFLICT (organization_id) DO UPDATE SET inputs_digest = EXCLUDED.inputs_digest, applied_at = EXCLUDED.applied_at
"""


def inputs_applied(digests: dict[int, str], now: datetime) -> None:
    """Store each organization's inputs digest of this run (one upsert)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(INPUTS_SQL, [now, list(digests), list(digests.values())])
        return
    ConsequenceInputs.objects.bulk_create(
        [ConsequenceInputs(organization_id=pk, inputs_digest=digest, applied_at=now) for pk, digest in digests.items()],
        update_conflicts=True,
        unique_fields=["organization"],
        update_fields=["inputs_digest", "applied_at"],
    )
