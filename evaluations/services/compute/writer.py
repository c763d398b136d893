"""Writing a chunk's results: COPY into a scratch table and one upsert (PostgreSQL), or a bulk upsert elsewhere."""

import json

from django.db import connection

from evaluations.models import (
    EvaluationResult,
)

RESULT_COLUMNS = (
    "evaluation_id",
    "stage",
    "stars",
    "total",
    "points_max",
    "grade",
    "explanation",
    "inputs_fingerprint",
    "computed_at",
)


# On PostgreSQL the rows are copied into a scratch table that lives until the transaction commits, then moved
# into the results by one upsert: COPY sends them as they are, with no per-value quoting.
# (Inside an outer transaction, as in tests, the table outlives a street: the upsert empties it as it goes.)
RESULT_ROWS_TABLE_SQL = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS compute_result_rows (LIKE evaluations_evaluationresult) ON COMMIT DROP"
)


RESULT_ROWS_COPY_SQL = f"COPY compute_result_rows ({', '.join(RESULT_COLUMNS)}, id) FROM STDIN"


UPSERT_RESULTS_SQL = """
WITH copied AS (DELETE FROM compute_result_rows RETURNING *)
INSERT INTO evaluations_evaluationresult
    (evaluation_id, stage, stars, total, points_max, grade, explanation, inputs_fingerprint, computed_at)
SELECT evaluation_id, stage, stars, total, points_max, grade, explanation, inputs_fingerprint, computed_at
FROM copied
ON CONFLICT (evaluation_id) DO UPDATE SET
    stage = EXCLUDED.stage, stars = EXCLUDED.stars, total = EXCLUDED.total, points_max = EXCLUDED.points_max,
    grade = EXCLUDED.grade, explanation = EXCLUDED.explanation, inputs_fingerprint = EXCLUDED.inputs_fingerprint,
    computed_at = EXCLUDED.computed_at
"""


class ResultWriter:
    """Upserts a chunk's result rows as they are computed. On PostgreSQL each row goes into the COPY at once, so
    the server parses and stores it while the next ones are computed, then one upsert moves them into the results
    (nothing is opened for a chunk without a changed row); elsewhere the rows are deleted and created in bulk."""

    def __init__(self):
        self.written = 0
        self._postgres = connection.vendor == "postgresql"
        self._encode = json.JSONEncoder(ensure_ascii=False).encode
        self._rows: list[dict] = []
        self._cursor = self._copying = self._copy = None

    def __enter__(self) -> "ResultWriter":
        return self

    def add(self, row: dict) -> None:
        self.written += 1
        if not self._postgres:
            self._rows.append(row)
            return
        if self._copy is None:
            self._cursor = connection.cursor()
            self._cursor.execute(RESULT_ROWS_TABLE_SQL)
            self._copying = self._cursor.cursor.copy(RESULT_ROWS_COPY_SQL)
            self._copy = self._copying.__enter__()
        row["explanation"] = self._encode(row["explanation"])
        self._copy.write_row([*(row[column] for column in RESULT_COLUMNS), 0])

    def __exit__(self, kind, error, traceback) -> None:
        if self._copy is not None:
            try:
                self._copying.__exit__(kind, error, traceback)  # on an error, the COPY fails and nothing is kept
                if kind is None:
                    self._cursor.execute(UPSERT_RESULTS_SQL)
            finally:
                self._cursor.close()
        elif self._rows and kind is None:
            EvaluationResult.objects.filter(evaluation_id__in=[row["evaluation_id"] for row in self._rows]).delete()
            EvaluationResult.objects.bulk_create([EvaluationResult(**row) for row in self._rows], batch_size=2000)
