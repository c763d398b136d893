import os

import pytest
from django.core.cache import cache
from django.db import connection, connections

from tests.factories import build_district, district_fetched, district_keys
from tests.support.copies import TableCopy, restored
from tests.support.replica import share_primary_session

# Fixtures shared by the tests of every folder, kept with their helpers.
pytest_plugins = ["tests.support.api", "tests.support.demo"]

AUDIT_TRUNCATE_ALLOWED = "-c starrating.audit_truncate=allow"


DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


def _allow_every_database(item) -> None:
    """A test that uses the database may use the replica alias too (DATABASE_REPLICA_URL, which tests/backends.py
    sets on PostgreSQL): the pages that read from the replica are tested as they run. The replica is a test mirror,
    so the test databases are set up as before."""
    marker = item.get_closest_marker("django_db")
    if marker is None and not DATABASE_FIXTURES & set(item.fixturenames):
        return
    if marker is not None and (len(marker.args) > 2 or "databases" in marker.kwargs):
        return
    args, kwargs = (marker.args, marker.kwargs) if marker else ((), {})
    item.add_marker(pytest.mark.django_db(*args, databases="__all__", **kwargs), append=False)


def pytest_collection_modifyitems(config, items):
    in_ci = os.environ.get("CI", "").lower() == "true"
    redis_url = os.environ.get("REDIS_URL", "")
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    replica = "replica" in connections
    for item in items:
        if replica:
            _allow_every_database(item)
        if "postgres" in item.keywords and not on_postgres:
            if in_ci:
                pytest.fail("CI needs PostgreSQL for tests marked 'postgres'.")
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL; set DATABASE_URL=postgres://..."))
        if "redis" in item.keywords and not redis_url:
            if in_ci:
                pytest.fail("CI needs Redis for tests marked 'redis'.")
            item.add_marker(pytest.mark.skip(reason="needs Redis; set REDIS_URL=redis://..."))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Between transactional tests Django empties every table with TRUNCATE, which PostgreSQL refuses for the audit
    table unless the session allows it (orgs migration 0009): the tests' own connections allow it."""
    for alias in connections:
        settings_dict = connections[alias].settings_dict
        if settings_dict["ENGINE"] == "django.db.backends.postgresql":
            settings_dict.setdefault("OPTIONS", {})["options"] = AUDIT_TRUNCATE_ALLOWED
    if "replica" in connections:
        share_primary_session(connections["replica"], connections["default"])


@pytest.fixture(scope="session")
def table_copies() -> dict[str, TableCopy]:
    """The copy made last of each kind of data in this session (tests/support/copies.py)."""
    return {}


@pytest.fixture
def district(db, table_copies):
    """The small test district (tests/factories.py), built once and copied in (tests/support/copies.py)."""
    return restored(table_copies, "district", build_district, district_keys, district_fetched)


@pytest.fixture
def login(client):
    """Log a user in by name and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def own_cache(settings):
    """A local-memory cache of this test's own: throttles (objections per address) count from zero."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "own"}}
    cache.clear()
