"""Writing a campaign's pioneer results in bulk: on PostgreSQL one statement that reads every row from one JSON
parameter (passing 26,000 rows as separate parameters costs more than the grading), elsewhere ``bulk_create``."""

import json

from django.db import connection

from evaluations.models import PioneerResult

RESULT_FIELDS = ["final_points", "grade", "decided_by", "explanation", "computed_at"]

UPSERT_SQL = """
INSERT INTO evaluations_pioneerresult (evaluation_id, final_points, grade, decided_by, explanation, computed_at)
SELECT row.evaluation_id, row.final_points, row.grade, row.decided_by, row.explanation, %(computed_at)s
FROM jsonb_to_recordset(%(rows)s::jsonb)
    AS row(evaluation_id bigint, final_points numeric, grade text, decided_by text, explanation jsonb)
ON CONFLICT (evaluation_id) DO UPDATE SET
    final_points = EXCLUDED.final_points, grade = EXCLUDED.grade, decided_by = EXCLUDED.decided_by,
    explanation = EXCLUDED.explanation, computed_at = EXCLUDED.computed_at
"""


def results_upsert(results: list[PioneerResult]) -> None:
    """Insert or update one result per evaluation; every result carries the same ``computed_at``."""
    if not results:
        return
    if connection.vendor != "postgresql":
        PioneerResult.objects.bulk_create(
            results, update_conflicts=True, unique_fields=["evaluation"], update_fields=RESULT_FIELDS
        )
        return
    rows = [
        {
            "evaluation_id": result.evaluation_id,
            "final_points": str(result.final_points),
            "grade": result.grade,
            "decided_by": result.decided_by,
            "explanation": result.explanation,
        }
        for result in results
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            UPSERT_SQL, {"rows": json.dumps(rows, ensure_ascii=False), "computed_at": results[0].computed_at}
        )
