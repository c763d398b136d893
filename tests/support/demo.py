"""`seeded_demo`: the whole demo (`seed_demo`, then `seed_demo_campaigns`, as `make run` loads it), for the tests that
check it. Seeding it takes some twenty seconds, so it is seeded once and its rows copied into each test that asks for
it (tests/support/copies.py), with the files it uploaded in a media folder of the test's own."""

import os
import shutil
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import TestCase, override_settings

from tests.support.copies import restored


def seed_the_demo() -> None:
    """Run both demo commands as `make run` does, with the default demo password; the computations queued when the
    demo's scores and star changes were saved run before it returns."""
    with mock.patch.dict(os.environ):
        os.environ.pop("DEMO_PASSWORD", None)
        call_command("seed_demo", stdout=StringIO())
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo_campaigns", stdout=StringIO())


@pytest.fixture
def seeded_demo(db, table_copies, settings, tmp_path, tmp_path_factory):
    """The demo district with its demo campaigns, fresh for this test."""

    def seed():
        media = tmp_path_factory.mktemp("demo-media")
        with override_settings(MEDIA_ROOT=media):
            seed_the_demo()
        return media

    shutil.copytree(restored(table_copies, "demo", seed), tmp_path / "media")
    settings.MEDIA_ROOT = tmp_path / "media"
