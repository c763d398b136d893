"""`python -m tests.bench [module ...]`: run the benchmark modules (all by default) on a fresh PostgreSQL database.

One JSON line per figure; `python -m tests.bench campaign_compute` runs that module alone.

The database is `<name>_bench`, derived from DATABASE_URL's database name so parallel runs do not collide;
it is dropped and created again, migrated, and emptied between modules. A module that fails prints
``{"figure": <module>, "error": ...}`` and the run exits non-zero once every module has had its turn.
"""

import importlib
import json
import os
import pkgutil
import sys
import traceback
from urllib.parse import urlparse, urlunparse

# Tables the migrations fill and the benchmarks need: they survive the emptying between modules.
KEPT_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


def _create_database(database_url: str) -> str:
    """Drop and create `<name>_bench` on the server of DATABASE_URL; return the URL pointing at it."""
    import psycopg
    from psycopg import sql

    parsed = urlparse(database_url)
    if not parsed.scheme.startswith("postgres"):
        sys.exit("tests.bench measures PostgreSQL: set DATABASE_URL=postgres://... (make bench does).")
    name = (parsed.path.lstrip("/") or "starrating") + "_bench"
    with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunparse(parsed._replace(path="/" + name))


def _empty_tables() -> None:
    from django.db import connection

    tables = sorted(set(connection.introspection.django_table_names(only_existing=True)) - KEPT_TABLES)
    with connection.cursor() as cursor:
        # The audit table refuses TRUNCATE unless the session allows it (orgs migration 0009).
        cursor.execute("SET starrating.audit_truncate = 'allow'")
        cursor.execute(
            "TRUNCATE " + ", ".join(connection.ops.quote_name(table) for table in tables) + " RESTART IDENTITY CASCADE"
        )


def _modules(chosen: list[str]) -> list[str]:
    package = importlib.import_module("tests.bench")
    # Modules named with a leading underscore hold what several benches share; they are no bench themselves.
    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_"))
    unknown = sorted(set(chosen) - set(names))
    if unknown:
        sys.exit(f"No benchmark module {', '.join(unknown)}; there are: {', '.join(names)}.")
    return [name for name in names if not chosen or name in chosen]


def _emit(line: dict) -> None:
    print(json.dumps(line, ensure_ascii=False), flush=True)


def main() -> int:
    modules = _modules(sys.argv[1:])
    os.environ["DATABASE_URL"] = _create_database(os.environ.get("DATABASE_URL", ""))
    # The figures are one database's: a replica would change where the reads go, not how many or how long.
    os.environ.pop("DATABASE_REPLICA_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "starrating.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    failed = False
    for name in modules:
        try:
            _empty_tables()
            module = importlib.import_module(f"tests.bench.{name}")
            for line in module.run():
                _emit(line)
        except Exception as error:  # one failing benchmark must not hide the others
            failed = True
            traceback.print_exc()
            _emit({"figure": name, "error": f"{type(error).__name__}: {error}"})
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
