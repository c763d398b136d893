"""Data that many tests start from, built once and copied into each test's own database state.

`restored(name, build, keep, fetch)` builds the data the first time (inside a savepoint that is rolled back) after
the rows of every table the build filled have been copied out (COPY ... TO STDOUT, binary); each later call copies
them back in, which takes a few queries instead of the build's hundreds. A test that changes the data changes only
its copy: its transaction is rolled back (or the tables emptied) as before, and the next test gets the rows as built.
The build's result is kept as plain values (`keep`, e.g. primary keys) and its objects fetched again from them.

The copied rows may point at rows that were there before the build: those the migrations made (permissions, rule
sets ...). A test on a transactional database empties every table when it ends, and those rows come back with other
ids or not at all; so a copy is used only while the tables holding rows hold just what they held when it was made,
and is made again (building once more) when they do not. On another database than PostgreSQL nothing is copied: the
data is built for each test.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from psycopg import sql

NOT_COPIED = {"django_migrations"}


@dataclass(frozen=True)
class TableCopy:
    filled: dict[str, str]  # the tables holding rows before the build -> a digest of those rows
    tables: dict[str, bytes]  # the tables the build filled -> their rows in COPY's binary format
    kept: Any  # what `keep` made of the build's result


def _filled(cursor) -> dict[str, str]:
    """The tables holding rows now, each with a digest of its rows (three queries, whatever the number of tables)."""
    tables = sorted(set(connection.introspection.table_names()) - NOT_COPIED)
    holding = sql.SQL(" UNION ALL ").join(
        sql.SQL("SELECT {name} WHERE EXISTS (SELECT FROM {table})").format(
            name=sql.Literal(table), table=sql.Identifier(table)
        )
        for table in tables
    )
    filled = [row[0] for row in cursor.execute(holding).fetchall()]
    if not filled:
        return {}
    digests = sql.SQL(" UNION ALL ").join(
        sql.SQL("SELECT {name}, md5(string_agg(t::text, ',' ORDER BY t::text)) FROM {table} AS t").format(
            name=sql.Literal(table), table=sql.Identifier(table)
        )
        for table in filled
    )
    return dict(cursor.execute(digests).fetchall())


def _copy_out(cursor, build: Callable[[], Any], keep: Callable[[Any], Any]) -> TableCopy:
    """Build in a savepoint, copy out the rows of the tables the build filled, and roll it back."""
    with transaction.atomic():
        filled = _filled(cursor)
        kept = keep(build())
        now = _filled(cursor)
        touched = [table for table, digest in filled.items() if now.get(table) != digest]
        assert not touched, f"the build changes tables that held rows before, which are not copied: {touched}"
        copied = {}
        for table in now.keys() - filled.keys():
            with cursor.copy(sql.SQL("COPY {} TO STDOUT (FORMAT BINARY)").format(sql.Identifier(table))) as copy:
                copied[table] = b"".join(bytes(block) for block in copy)
        transaction.set_rollback(True)
    return TableCopy(filled=filled, tables=copied, kept=kept)


def _copy_in(cursor, copy: TableCopy) -> None:
    with transaction.atomic():
        for table, rows in copy.tables.items():
            with cursor.copy(sql.SQL("COPY {} FROM STDIN (FORMAT BINARY)").format(sql.Identifier(table))) as stream:
                stream.write(rows)
        # The sequences go on from the copied rows' last ids, whatever ran in between.
        models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in copy.tables]
        cursor.execute("; ".join(connection.ops.sequence_reset_sql(no_style(), models)))


def restored(
    copies: dict[str, TableCopy],
    name: str,
    build: Callable[[], Any],
    keep: Callable[[Any], Any] = lambda result: result,
    fetch: Callable[[Any], Any] = lambda kept: kept,
) -> Any:
    """The data `build` makes, copied in (built the first time, or when the tables it started from have changed);
    returns `fetch` of what `keep` made of the build's result."""
    if connection.vendor != "postgresql":
        return build()
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor, which speaks COPY
        copy = copies.get(name)
        if copy is None or _filled(cursor) != copy.filled:
            copy = copies[name] = _copy_out(cursor, build, keep)
        _copy_in(cursor, copy)
    return fetch(copy.kept)
