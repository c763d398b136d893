"""Upgrading to per-street computations: a run of the former whole-campaign task has no streets to resume, so the
newest one per campaign waits again (the sweeper starts it) unless a request waits already; the others fail."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from evaluations.models import CampaignComputation, ComputationStatus
from tests.support.evaluations import open_community_campaign

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE = [("evaluations", "0018_merge_consequence_inputs_digests")]


def _migrate(targets=None) -> None:
    """Migrate to the targets; without any, to the latest migrations (the schema the models describe)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def test_whole_campaign_runs_wait_again_or_fail_and_a_waiting_request_is_kept(district):
    alone, with_waiting = open_community_campaign(district), open_community_campaign(district)
    started = timezone.now() - timedelta(minutes=5)
    _migrate(BEFORE)
    try:
        # The former task let a run start while another, dead, still counted as running.
        older, newest, beside = (
            CampaignComputation.objects.create(campaign=campaign, status=ComputationStatus.RUNNING, started_at=started)
            for campaign in (alone, alone, with_waiting)
        )
        waiting = CampaignComputation.objects.create(campaign=with_waiting)
    finally:
        _migrate()
    statuses = dict(CampaignComputation.objects.values_list("pk", "status"))
    assert statuses == {
        older.pk: ComputationStatus.FAILED,
        newest.pk: ComputationStatus.PENDING,
        beside.pk: ComputationStatus.FAILED,
        waiting.pk: ComputationStatus.PENDING,
    }
    requeued = CampaignComputation.objects.get(pk=newest.pk)
    assert requeued.started_at is None and requeued.finished_at is None
    assert CampaignComputation.objects.get(pk=older.pk).error == "interrupted by an upgrade"
