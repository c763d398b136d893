"""`seeded_demo`: the whole demo (`seed_demo`, then `seed_demo_campaigns`, as `make run` loads it).

Seeding it takes some twenty seconds. On PostgreSQL it is seeded inside a transaction that is rolled back, after the
rows of every table it filled have been copied out (COPY ... TO STDOUT, binary); each test that asks for it gets them
copied back in (a fraction of a second) into its own database state, with the demo's uploaded files in a media folder
of its own. A test that changes the demo changes only its copy: the next one starts from the demo as seeded.

The copied rows point at rows the migrations made (permissions, the rewards rule sets ...). A browser test empties
every table when it ends, and those rows come back with other ids or not at all; so the copy is only used while those
tables hold what they held when it was made, and is made again (seeding once more) when they do not. On another
database than PostgreSQL the demo is seeded for each test.
"""

import os
import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import TestCase, override_settings
from psycopg import sql

NOT_COPIED = {"django_migrations"}


@dataclass(frozen=True)
class DemoCopy:
    filled: dict[str, str]  # the tables that held rows before the demo was seeded -> a digest of those rows
    tables: dict[str, bytes]  # the tables the demo filled -> their rows in COPY's binary format
    media: Path  # the files the demo uploaded


def seed_the_demo() -> None:
    """Run both demo commands as `make run` does, with the default demo password; the computations queued when the
    demo's scores and star changes were saved run before it returns."""
    with mock.patch.dict(os.environ):
        os.environ.pop("DEMO_PASSWORD", None)
        call_command("seed_demo", stdout=StringIO())
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo_campaigns", stdout=StringIO())


def _tables() -> list[str]:
    return sorted(set(connection.introspection.table_names()) - NOT_COPIED)


def _counts(cursor, tables) -> dict[str, int]:
    query = sql.SQL("SELECT count(*) FROM {}")
    return {table: cursor.execute(query.format(sql.Identifier(table))).fetchone()[0] for table in tables}


def _digests(cursor, tables) -> dict[str, str]:
    query = sql.SQL("SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM {} AS t")
    return {table: cursor.execute(query.format(sql.Identifier(table))).fetchone()[0] for table in tables}


def _filled(cursor) -> dict[str, str]:
    """The tables holding rows now, each with a digest of its rows."""
    counts = _counts(cursor, _tables())
    return _digests(cursor, [table for table, count in counts.items() if count])


def _copy_out(cursor, media: Path) -> DemoCopy:
    """Seed the demo in a savepoint, copy out what it added, and roll it back."""
    with transaction.atomic():
        filled = _filled(cursor)
        with override_settings(MEDIA_ROOT=media):
            seed_the_demo()
        touched = [table for table, digest in _digests(cursor, filled).items() if digest != filled[table]]
        assert not touched, f"the demo changes tables that held rows before, which are not copied: {touched}"
        copied = {}
        for table in _filled(cursor):
            if table not in filled:
                with cursor.copy(sql.SQL("COPY {} TO STDOUT (FORMAT BINARY)").format(sql.Identifier(table))) as copy:
                    copied[table] = b"".join(bytes(block) for block in copy)
        transaction.set_rollback(True)
    return DemoCopy(filled=filled, tables=copied, media=media)


def _copy_in(cursor, demo: DemoCopy) -> None:
    with transaction.atomic():
        for table, rows in demo.tables.items():
            with cursor.copy(sql.SQL("COPY {} FROM STDIN (FORMAT BINARY)").format(sql.Identifier(table))) as copy:
                copy.write(rows)
        # The sequences go on from the demo's last ids, whatever ran in between.
        models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in demo.tables]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


@pytest.fixture(scope="session")
def demo_copies() -> list[DemoCopy]:
    """The copy of the demo made last in this session (at most one)."""
    return []


@pytest.fixture
def seeded_demo(db, demo_copies, settings, tmp_path, tmp_path_factory):
    """The demo district with its demo campaigns, fresh for this test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if connection.vendor != "postgresql":
        seed_the_demo()
        return
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor, which speaks COPY
        if not demo_copies or _filled(cursor) != demo_copies[0].filled:
            demo_copies[:] = [_copy_out(cursor, tmp_path_factory.mktemp("demo-media"))]
        demo = demo_copies[0]
        shutil.copytree(demo.media, settings.MEDIA_ROOT)
        _copy_in(cursor, demo)
