"""A district department's veto in the joint review ("X+2") takes away the star of the dimension it hits."""

import pytest

from evaluations.models import EvaluationResult, OpinionKind, ScoreChange, Stage, VetoHit
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from evaluations.services.consultation import opinion_give
from scoring.models import IndicatorItem
from tests.support.consultation import consulting_campaign, department_reviewer, reviewed_at_consultation

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def five_star_evaluation(district):
    """A community with full marks in the street's review and 70 % satisfied: five lit dimensions."""
    evaluation = reviewed_at_consultation(consulting_campaign(district), district.community)
    assert _compute(evaluation.campaign).stars == 5
    return evaluation


def _compute(campaign) -> EvaluationResult:
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    return EvaluationResult.objects.get(evaluation__campaign=campaign, evaluation__organization__code="C0101")


def test_a_consultation_veto_counts_on_top_of_the_reviews_scores(five_star_evaluation):
    evaluation = five_star_evaluation
    VetoHit.objects.create(
        evaluation=evaluation,
        veto_item=IndicatorItem.objects.get(template=evaluation.template, code="V04"),
        stage=Stage.CONSULTATION,
        note="纪检：违反程序发展党员",
    )
    result = _compute(evaluation.campaign)
    assert (result.stage, result.stars) == (Stage.REVIEW, 4)


def test_a_department_veto_takes_away_that_dimensions_star_and_the_why_names_it(
    district, five_star_evaluation, django_capture_on_commit_callbacks
):
    evaluation = five_star_evaluation
    with django_capture_on_commit_callbacks(execute=True):
        opinion_give(
            evaluation=evaluation,
            kind=OpinionKind.VETO,
            veto_code="V04",
            note="2026年3月违反程序发展党员1名",
            by=district.users["department_reviewer"],
        )
    result = EvaluationResult.objects.get(evaluation=evaluation)
    assert result.stars == 4
    dimensions = {d["code"]: d for d in result.explanation["result"]["dimensions"]}
    assert dimensions["B"]["why_not"] == "veto" and dimensions["A"]["lit"]
    assert any("违反程序发展党员" in line and "无星" in line for line in result.explanation["lines"])
    hit = VetoHit.objects.get(evaluation=evaluation, stage=Stage.CONSULTATION)
    assert hit.note == "纪检：2026年3月违反程序发展党员1名"
    change = ScoreChange.objects.get(evaluation=evaluation, stage=Stage.CONSULTATION)
    assert (change.code, change.old_value, change.new_value) == ("V04", "", "hit")


def test_changing_a_veto_to_a_concern_gives_the_star_back(
    district, five_star_evaluation, django_capture_on_commit_callbacks
):
    evaluation = five_star_evaluation
    reviewer = district.users["department_reviewer"]
    with django_capture_on_commit_callbacks(execute=True):
        opinion_give(evaluation=evaluation, kind=OpinionKind.VETO, veto_code="V04", note="违规", by=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        opinion_give(evaluation=evaluation, kind=OpinionKind.CONCERN, note="程序有瑕疵，已整改", by=reviewer)
    assert not VetoHit.objects.filter(evaluation=evaluation, stage=Stage.CONSULTATION).exists()
    assert EvaluationResult.objects.get(evaluation=evaluation).stars == 5
    assert list(
        ScoreChange.objects.filter(evaluation=evaluation, stage=Stage.CONSULTATION)
        .order_by("pk")
        .values_list("old_value", "new_value")
    ) == [("", "hit"), ("hit", "")]


def test_two_departments_vetoing_one_item_share_its_hit_until_both_withdraw(district, five_star_evaluation):
    evaluation = five_star_evaluation
    audit = department_reviewer(district, "audit", "reviewer-audit")
    opinion_give(
        evaluation=evaluation,
        kind=OpinionKind.VETO,
        veto_code="V11",
        note="挪用经费",
        by=district.users["department_reviewer"],
    )
    opinion_give(evaluation=evaluation, kind=OpinionKind.VETO, veto_code="V11", note="审计发现挪用", by=audit)
    hit = VetoHit.objects.get(evaluation=evaluation, stage=Stage.CONSULTATION)
    assert hit.note == "审计：审计发现挪用；纪检：挪用经费"
    opinion_give(evaluation=evaluation, kind=OpinionKind.NO_OBJECTION, by=audit)
    assert VetoHit.objects.get(evaluation=evaluation, stage=Stage.CONSULTATION).note == "纪检：挪用经费"
