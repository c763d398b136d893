"""Work of one kind takes turns per street (PostgreSQL): a transaction holds a lock on each street it works in until
it ends, taken in one order so that two transactions never wait on each other, and work in other streets goes on
at once. Each kind of work has a key of its own, so applying the consequence rules never waits for grading."""

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet

CONSEQUENCES = 1302
PIONEER_GRADES = 1304

TURNS_OF = "SELECT pg_advisory_xact_lock(%s, hashtext(street.path)) FROM ({streets}) AS street(path)"
# The turns of the streets given by their paths (as a list).
TURNS_SQL = TURNS_OF.format(streets="SELECT DISTINCT unnest(%s::text[]) ORDER BY 1")


def street_turns_take(kind: int, street_paths: QuerySet | Iterable[str]) -> None:
    """Wait for the streets' turn at work of this kind and hold it until the transaction ends. The paths may be a
    query of one column (read in the same statement) or a list."""
    if isinstance(street_paths, QuerySet):
        sql, params = street_paths.query.sql_with_params()
        chosen = f"SELECT DISTINCT * FROM ({sql}) chosen ORDER BY 1"  # noqa: S608 (a compiled query, values apart)
        statement = TURNS_OF.format(streets=chosen)
    else:
        statement, params = TURNS_SQL, [list(street_paths)]
    with connection.cursor() as cursor:
        cursor.execute(statement, [kind, *params])
