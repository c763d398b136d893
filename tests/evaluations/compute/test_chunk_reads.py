"""A street's reads: its points as one JSON text per evaluation and stage, keys in the order of their bytes however
the rows lie on disk (the text is fingerprinted, so the same scores must give the same text), and a street
without evaluations read in one query."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import Score, Stage
from evaluations.services.compute.reads import read_chunk
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from tests.support.evaluations import evaluation_of, full_marks, save_scores

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _points_text(campaign, organization) -> str:
    evaluation = evaluation_of(campaign, organization)
    read = read_chunk(campaign, organization.path)
    (text,) = [points for evaluation_id, stage, points in read.scores if evaluation_id == evaluation.pk]
    return text


def test_the_points_keep_their_keys_order_when_the_rows_move_on_disk(district, campaign):
    community = district.community
    save_scores(evaluation_of(campaign, community), full_marks(campaign.template))
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    before = _points_text(campaign, community)
    keys = list(json.loads(before))
    assert len(keys) > 10 and keys == sorted(keys, key=str.encode)
    # Saved again, last key first, the rows lie in the table in the reverse order.
    scores = Score.objects.filter(evaluation__organization=community, stage=Stage.SELF_ASSESSMENT)
    saved = sorted(scores, key=lambda score: str(score.item_id).encode(), reverse=True)
    scores.delete()
    Score.objects.bulk_create(saved)
    with connection.cursor() as cursor:
        cursor.execute("SELECT item_id FROM evaluations_score WHERE evaluation_id = %s", [saved[0].evaluation_id])
        on_disk = [str(item).encode() for (item,) in cursor.fetchall()]
    assert on_disk == sorted(on_disk, reverse=True)

    assert _points_text(campaign, community) == before
    campaign_compute_request(campaign=campaign)
    assert campaign_compute_run(campaign_id=campaign.pk).results_written == 0


def test_a_street_without_evaluations_is_read_in_one_query(district, campaign):
    with CaptureQueriesContext(connection) as queries:
        read = read_chunk(campaign, district.community.path + "9999")
    assert len(queries.captured_queries) == 1
    assert (read.evaluations, read.personalised, read.scores, read.vetoes, read.votes) == ([], [], [], [], [])
