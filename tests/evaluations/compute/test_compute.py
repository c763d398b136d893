"""Computing a campaign: set-based, queued on commit, idempotent, with the inputs' fingerprint and the "why"."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluations.models import CampaignComputation, ComputationStatus, EvaluationResult, Stage, StreetStatus
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from evaluations.services.compute.streets import computation_start, street_claim, worker_name
from scoring.engine import compute
from tests.support.evaluations import (
    at_stage,
    evaluation_of,
    full_marks,
    result_rows,
    save_scores,
)
from tests.support.votes import cast_ballots

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _rows(campaign):
    return result_rows(
        campaign, fields=("stage", "stars", "total", "grade", "explanation", "inputs_fingerprint", "computed_at")
    )


def test_full_marks_with_a_70_percent_share_give_five_stars(district, campaign, django_capture_on_commit_callbacks):
    evaluation = evaluation_of(campaign, district.community)
    with django_capture_on_commit_callbacks(execute=True):
        save_scores(evaluation, full_marks(campaign.template))
    cast_ballots(evaluation, {"satisfied": 5, "fair": 2, "unsatisfied": 3})
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    result = EvaluationResult.objects.get(evaluation=evaluation)
    assert (result.stars, result.total, result.stage) == (5, Decimal(100), Stage.SELF_ASSESSMENT)
    assert result.explanation["lines"][0] == "为什么是5星："
    assert any("70%" in line for line in result.explanation["lines"])


def test_saving_scores_queues_a_computation_on_commit(district, campaign, django_capture_on_commit_callbacks):
    evaluation = evaluation_of(campaign, district.community)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        save_scores(evaluation, full_marks(campaign.template, except_dimensions={"A": Decimal("2.5")}))
    assert len(callbacks) == 1
    result = EvaluationResult.objects.get(evaluation=evaluation)
    # A at 17.5 does not light; B–E do; nobody voted, which only matters for five stars.
    assert result.stars == 4
    assert "党组织建设：得分 17.5/20，不足 18 分，无星。" in result.explanation["lines"]
    computation = CampaignComputation.objects.get()
    assert computation.status == ComputationStatus.SUCCEEDED
    # Eagerly (no worker), the one task computed every street.
    assert list(computation.streets.values_list("status", flat=True)) == [StreetStatus.DONE] * 2


def test_a_review_veto_removes_that_dimensions_star(district, campaign):
    evaluation = evaluation_of(campaign, district.community)
    save_scores(evaluation, full_marks(campaign.template))
    at_stage(evaluation, "review")
    save_scores(evaluation, full_marks(campaign.template), stage=Stage.REVIEW, vetoes={"V04": "违反程序发展党员1名"})
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    result = EvaluationResult.objects.get(evaluation=evaluation)
    assert (result.stage, result.stars) == (Stage.REVIEW, 4)
    dimensions = {d["code"]: d for d in result.explanation["result"]["dimensions"]}
    assert dimensions["B"]["why_not"] == "veto" and dimensions["A"]["lit"]
    assert dimensions["B"]["vetoes_hit"] == ["V04"] and dimensions["B"]["points"] == "20.0"
    # The template's own values (names, maxima, thresholds) and fields at their default are not stored per result.
    assert "name" not in dimensions["A"] and "why_not" not in dimensions["A"]


def test_computing_twice_leaves_identical_rows_and_rewrites_nothing(district, campaign):
    for organization, minus in ((district.community, "0"), (district.sibling_community, "3")):
        save_scores(
            evaluation_of(campaign, organization),
            full_marks(campaign.template, except_dimensions={"C": Decimal(minus)}),
        )
    campaign_compute_request(campaign=campaign)
    first = campaign_compute_run(campaign_id=campaign.pk)
    rows = _rows(campaign)
    assert first.evaluations_count == 3 and first.results_written == 3
    campaign_compute_request(campaign=campaign)
    second = campaign_compute_run(campaign_id=campaign.pk)
    assert second.results_written == 0
    assert _rows(campaign) == rows


def test_changed_scores_change_only_their_row(district, campaign):
    evaluation = evaluation_of(campaign, district.community)
    save_scores(evaluation, full_marks(campaign.template))
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    before = {row["evaluation_id"]: row for row in _rows(campaign)}
    save_scores(evaluation, {"A1.1": "1"})
    campaign_compute_run(campaign_id=campaign.pk)
    after = {row["evaluation_id"]: row for row in _rows(campaign)}
    assert after[evaluation.pk]["total"] == Decimal(99)
    assert after[evaluation.pk]["inputs_fingerprint"] != before[evaluation.pk]["inputs_fingerprint"]
    others = [pk for pk in before if pk != evaluation.pk]
    assert all(after[pk] == before[pk] for pk in others)


def test_a_street_another_worker_holds_is_left_to_it_until_its_lease_runs_out(district, campaign, settings):
    for organization in (district.community, district.sibling_community, district.other_community):
        save_scores(evaluation_of(campaign, organization), full_marks(campaign.template))
    campaign_compute_request(campaign=campaign)
    now = timezone.now()
    computation, _started = computation_start(campaign_id=campaign.pk, now=now)
    held = street_claim(computation_id=computation.pk, now=now, worker="worker-a@elsewhere")
    held_evaluations = EvaluationResult.objects.filter(evaluation__organization__path__startswith=held.path)

    # This run computes every other street, then leaves the computation running for the street held elsewhere.
    assert campaign_compute_run(campaign_id=campaign.pk, now=now) is None
    streets = dict(computation.streets.values_list("path", "status"))
    assert streets.pop(held.path) == StreetStatus.RUNNING
    assert streets and set(streets.values()) == {StreetStatus.DONE}
    assert EvaluationResult.objects.filter(evaluation__campaign=campaign).count() == 3 - 2
    assert not held_evaluations.exists()
    # A request made meanwhile waits for the running computation instead of running beside it.
    campaign_compute_request(campaign=campaign)
    assert campaign_compute_run(campaign_id=campaign.pk, now=now + timedelta(seconds=10)) is None
    assert CampaignComputation.objects.filter(campaign=campaign, status=ComputationStatus.PENDING).count() == 1

    # Once the lease has run out, the held street is taken over and the computation finishes, with every street.
    later = now + timedelta(seconds=settings.CAMPAIGN_COMPUTE_LEASE_SECONDS + 1)
    finished = campaign_compute_run(campaign_id=campaign.pk, now=later)
    assert (finished.pk, finished.status) == (computation.pk, ComputationStatus.SUCCEEDED)
    assert (finished.evaluations_count, finished.results_written) == (3, 3)
    taken_over = computation.streets.get(path=held.path)
    assert (taken_over.status, taken_over.attempts, taken_over.worker) == (StreetStatus.DONE, 2, worker_name())
    assert held_evaluations.count() == 2
    # Then the request that waited runs (nothing changed, nothing written), and nothing is left to run.
    waited = campaign_compute_run(campaign_id=campaign.pk, now=later)
    assert waited.pk != computation.pk and waited.results_written == 0
    assert campaign_compute_run(campaign_id=campaign.pk, now=later) is None


def test_the_query_count_does_not_grow_with_the_number_of_evaluations(district, campaign):
    for organization in (district.community, district.sibling_community, district.other_community):
        save_scores(evaluation_of(campaign, organization), full_marks(campaign.template))
    campaign_compute_request(campaign=campaign)
    with CaptureQueriesContext(connection) as small:
        campaign_compute_run(campaign_id=campaign.pk)
    # Claim the request and split it into streets (8), load it, its templates and item codes (3); per street:
    # claim it (the savepoint pair, select, update: 4), then lock it, work memory, organizations, evaluations,
    # personalised items, scores, vetoes, ballots, the scratch table, one upsert, mark it done and the savepoint
    # pair (13; the COPY into the scratch table is not counted), whatever the number of evaluations in the street;
    # then find no street left (3), finish the computation, look for a request waiting, read the status and reload
    # it (4).
    assert len(small.captured_queries) == 8 + 3 + (4 + 13) * 2 + 3 + 4


def test_a_run_that_fails_mid_street_keeps_nothing_of_that_street(district, campaign, monkeypatch):
    for organization in (district.community, district.sibling_community):
        save_scores(evaluation_of(campaign, organization), full_marks(campaign.template))
    computed = []

    def compute_then_fail(template, inputs):
        computed.append(inputs)
        if len(computed) == 2:  # the street's first row is already on its way to the database
            raise RuntimeError("the worker lost its memory")
        return compute(template, inputs)

    monkeypatch.setattr("evaluations.services.compute.inputs.compute", compute_then_fail)
    campaign_compute_request(campaign=campaign)
    with pytest.raises(RuntimeError):
        campaign_compute_run(campaign_id=campaign.pk)
    results = EvaluationResult.objects.filter(evaluation__campaign=campaign)
    assert not results.filter(evaluation__organization__path__startswith=district.street.path).exists()
    # The other street is a task of its own: it is computed all the same, and the computation says what failed.
    assert list(results.values_list("evaluation__organization", flat=True)) == [district.other_community.pk]
    failed = CampaignComputation.objects.get()
    assert failed.status == ComputationStatus.FAILED
    assert failed.error == f"{district.street.path}: RuntimeError('the worker lost its memory')"
    street = failed.streets.get(path=district.street.path)
    assert (street.status, street.error) == (StreetStatus.FAILED, "RuntimeError('the worker lost its memory')")
