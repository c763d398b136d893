"""Computing a campaign while a second connection reads the next street ahead: the same rows as reading each
street in its own transaction, the reader's connection closed afterwards, and a score on an item that is not the
evaluation's own still named by its code. On PostgreSQL with committed data (the reader sees only that)."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from evaluations.models import CampaignComputation, EvaluationResult, Score, Stage, VetoHit
from evaluations.services.campaigns import personalized_items_set
from evaluations.services.compute import reads
from evaluations.services.compute.request import campaign_compute_run
from scoring.models import IndicatorItem
from scoring.services import templates_load
from tests.support.evaluations import (
    at_stage,
    evaluation_of,
    full_marks,
    open_community_campaign,
    result_rows,
    save_scores,
)
from tests.support.scoring import TEMPLATES_DIR
from tests.support.votes import cast_ballots

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

GOVERNANCE = [
    {"parent_code": "E1", "code": "E1.1", "name": "老旧小区改造", "points": "6"},
    {"parent_code": "E1", "code": "E1.2", "name": "垃圾分类", "points": "4"},
    {"parent_code": "E2", "code": "E2.1", "name": "党员群众综合测评", "points": "6"},
    {"parent_code": "E3", "code": "E3.1", "name": "特色亮点", "points": "4"},
]


def _compute_afresh(campaign):
    EvaluationResult.objects.filter(evaluation__campaign=campaign).delete()
    CampaignComputation.objects.create(campaign=campaign)
    computation = campaign_compute_run(campaign_id=campaign.pk)
    assert computation.results_written == computation.evaluations_count
    return result_rows(campaign)


def _connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def _connections_once_settled(expected: int, seconds: float = 5.0) -> int:
    """The connections to the database once a closed one has left pg_stat_activity: the server ends a backend a
    moment after its client closes, so the count is read again for a few seconds while it is above ``expected``."""
    deadline = time.monotonic() + seconds
    count = _connections()
    while count > expected and time.monotonic() < deadline:
        time.sleep(0.05)
        count = _connections()
    return count


@pytest.fixture
def campaign(district):
    """Communities of both streets with different inputs: personalised sub-items, a review, a veto, ballots."""
    campaign = open_community_campaign(district)
    personalized_items_set(campaign=campaign, organization=district.community, items=GOVERNANCE, by=None)
    community = evaluation_of(campaign, district.community)
    party_affairs = {code: points for code, points in full_marks(campaign.template).items() if code[0] != "E"}
    save_scores(community, party_affairs | {"E1.1": "5.5", "E1.2": "4", "E2.1": "6", "E3.1": "3"})
    cast_ballots(community, {"satisfied": 8, "fair": 1, "unsatisfied": 1})
    sibling = evaluation_of(campaign, district.sibling_community)
    save_scores(sibling, full_marks(campaign.template, except_dimensions={"B": Decimal("2.5")}))
    sibling = at_stage(sibling, Stage.REVIEW)
    save_scores(sibling, full_marks(campaign.template), stage=Stage.REVIEW, vetoes={"V07": "全年未召开组织生活会"})
    other = evaluation_of(campaign, district.other_community)
    save_scores(other, full_marks(campaign.template, except_dimensions={"D": Decimal(1)}))
    cast_ballots(other, {"satisfied": 2, "fair": 3, "unsatisfied": 5})
    return campaign


@pytest.mark.parametrize("streets_ahead", [1, 3])  # fewer and more than the campaign's two streets
def test_reading_ahead_gives_the_rows_of_reading_street_by_street(
    district, campaign, settings, monkeypatch, streets_ahead
):
    district_communities = (district.community, district.sibling_community, district.other_community)
    readers = []
    read = reads.read_chunk

    def spied(*args, **kwargs):
        readers.append(threading.current_thread().name)
        return read(*args, **kwargs)

    monkeypatch.setattr(reads, "read_chunk", spied)
    settings.CAMPAIGN_COMPUTE_READ_AHEAD = False
    street_by_street = _compute_afresh(campaign)
    assert readers and all(name == threading.current_thread().name for name in readers)

    readers.clear()
    settings.CAMPAIGN_COMPUTE_READ_AHEAD = True
    settings.CAMPAIGN_COMPUTE_READ_AHEAD_STREETS = streets_ahead
    connections = _connections()
    read_ahead = _compute_afresh(campaign)
    assert readers and all(name.startswith("compute-read") for name in readers)
    assert _connections_once_settled(connections) == connections  # the reader's own connection is closed

    assert read_ahead == street_by_street
    stars = {row["evaluation_id"]: row["stars"] for row in read_ahead}
    # The community's own sub-items give E 18.5 and 90% voted fair or above; the sibling's review has a veto on C;
    # the other street's community has every star but only half its ballots fair or above.
    assert [stars[evaluation_of(campaign, organization).pk] for organization in district_communities] == [5, 4, 4]


def test_a_score_on_another_templates_item_is_refused_by_its_code(campaign, district):
    other, *_variants = templates_load(
        source_yaml=(TEMPLATES_DIR / "lengshuijiang_fortress_2023.yaml").read_text(encoding="utf-8"), by=None
    )
    foreign = IndicatorItem.objects.filter(template=other, is_leaf=True, is_veto=False).order_by("order").first()
    evaluation = evaluation_of(campaign, district.other_community)
    Score.objects.create(evaluation=evaluation, item=foreign, stage=Stage.SELF_ASSESSMENT, points=Decimal(1))
    assert not VetoHit.objects.filter(evaluation=evaluation).exists()
    _compute_afresh(campaign)
    result = EvaluationResult.objects.get(evaluation=evaluation)
    assert result.stars is None
    assert result.explanation["error"].startswith(f"{foreign.code}: not a leaf of template")
