"""A policy what-if on a campaign: who loses a star when the threshold rises, and nothing written to results."""

import pytest

from evaluations.models import ComputationStatus, EvaluationResult, PolicyWhatIf
from evaluations.selectors.whatif import what_if_outcome
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from tests.support.evaluations import evaluation_of, full_marks, result_rows, save_scores
from tests.support.whatif import draft_form, scored_campaign, what_if_of

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_raising_the_threshold_to_19_takes_the_star_of_dimensions_between_18_and_19(
    district, campaign, django_capture_on_commit_callbacks
):
    scored_campaign(district, campaign)
    stored = result_rows(
        campaign, fields=("stage", "stars", "total", "grade", "explanation", "inputs_fingerprint", "computed_at")
    )
    assert [row["stars"] for row in stored] == [4, 4, 4]
    with django_capture_on_commit_callbacks(execute=True):
        what_if = what_if_of(district, campaign, threshold="19")
    what_if.refresh_from_db()
    assert what_if.status == ComputationStatus.SUCCEEDED
    assert (what_if.streets_done, what_if.streets_total, what_if.evaluations_count) == (2, 2, 3)
    assert what_if.edits == [{"field": "threshold", "label": "维度亮星所需分数", "before": "18", "after": "19"}]
    outcome = what_if_outcome(what_if)
    by_street = {street.street.name: street for street in outcome["streets"]}
    east, west = by_street["东城街道党工委"], by_street["西城街道党工委"]
    assert (east.gain, east.lose, east.keep) == (0, 2, 0)
    assert (west.gain, west.lose, west.keep) == (0, 0, 1)
    lost = {row["name"]: row for row in east.lost}
    assert set(lost) == {"东城第一社区党委", "东城村党总支"}
    assert (lost["东城第一社区党委"]["before"], lost["东城第一社区党委"]["after"]) == ("4星", "3星")
    assert lost["东城村党总支"]["reasons"] == [
        {
            "kind": "dimension_below_threshold",
            "dimension": "A",
            "name": "党组织建设",
            "points": "18.5",
            "before": "18",
            "after": "19",
        }
    ]
    assert "党组织建设" in lost["东城第一社区党委"]["why"] and "19" in lost["东城第一社区党委"]["why"]
    assert outcome["total"] | {"before": None, "after": None} == {
        "gain": 0,
        "lose": 2,
        "keep": 1,
        "uncomputed": 0,
        "before": None,
        "after": None,
    }
    assert [(row["level"], row["before"], row["after"]) for row in outcome["distribution"]] == [
        ("3星", 0, 2),
        ("4星", 3, 1),
    ]
    # Row by row, the campaign's results are what they were.
    assert (
        result_rows(
            campaign, fields=("stage", "stars", "total", "grade", "explanation", "inputs_fingerprint", "computed_at")
        )
        == stored
    )
    assert EvaluationResult.objects.filter(evaluation__campaign=campaign).count() == 3


def test_a_draft_without_a_veto_item_lights_the_star_it_kept_out(
    district, campaign, django_capture_on_commit_callbacks
):
    scored_campaign(district, campaign)
    vetoed = evaluation_of(campaign, district.other_community)
    save_scores(vetoed, full_marks(campaign.template, except_dimensions={"A": 1, "B": 3}), vetoes={"V01": "未按期换届"})
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    assert EvaluationResult.objects.get(evaluation=vetoed).stars == 3
    with django_capture_on_commit_callbacks(execute=True):
        what_if = what_if_of(district, campaign, veto_0="false")
    what_if.refresh_from_db()
    assert [(row["name"], row["direction"], row["stars_before"], row["stars_after"]) for row in what_if.changed] == [
        ("西城第一社区党委", "gain", 3, 4)
    ]
    assert what_if.changed[0]["reasons"][0]["kind"] == "dimension_lit"
    assert what_if.edits[0]["label"] == "否定项仍然有效：V01 党组织未按期换届"
    assert "V01" not in {veto["code"] for veto in what_if.draft["vetoes"]}


def test_a_threshold_above_a_dimensions_full_points_is_refused_naming_the_dimension(district, campaign):
    form = draft_form(district, campaign, district.users["district_admin"], threshold="20.5")
    assert not form.is_valid()
    assert form.errors["threshold"] == ["亮星分数线 20.5 高于维度“党组织建设”的满分 20 分，该维度将永远无法亮星。"]
    assert not PolicyWhatIf.objects.exists()


def test_a_draft_that_changes_nothing_is_refused(district, campaign):
    form = draft_form(district, campaign, district.users["district_admin"])
    assert not form.is_valid()
    assert form.non_field_errors() == ["请至少修改一个数值后再试算。"]


def test_a_run_is_claimed_once_and_a_stalled_one_after_its_lease(district, campaign, settings):
    from datetime import timedelta

    from django.utils import timezone

    from evaluations.services.whatif import policy_what_if_run

    scored_campaign(district, campaign)
    what_if = what_if_of(district, campaign, threshold="19")  # queued, not run: the commit never comes here
    now = timezone.now()
    assert policy_what_if_run(what_if_id=what_if.pk, now=now).status == ComputationStatus.SUCCEEDED
    assert policy_what_if_run(what_if_id=what_if.pk, now=now) is None
    PolicyWhatIf.objects.filter(pk=what_if.pk).update(status=ComputationStatus.RUNNING, started_at=now)
    assert policy_what_if_run(what_if_id=what_if.pk, now=now + timedelta(seconds=10)) is None
    later = now + timedelta(seconds=settings.POLICY_WHAT_IF_LEASE_SECONDS + 1)
    assert policy_what_if_run(what_if_id=what_if.pk, now=later).status == ComputationStatus.SUCCEEDED
