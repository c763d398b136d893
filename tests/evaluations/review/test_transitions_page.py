"""The transition panel on the evaluation page: the buttons a user may use now; a refusal or a stale form
changes nothing and says why; the street submits all its reviewed evaluations at once."""

import pytest
from django.urls import reverse

from evaluations.models import EvaluationStatus, Transition
from evaluations.rules.workflow import StageKind
from tests.factories import ScoreFactory
from tests.support.evaluations import at_stage, evaluation_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(district, campaign):
    return evaluation_of(campaign, district.community)


def _detail(evaluation):
    return reverse("evaluations:evaluation_detail", kwargs={"pk": evaluation.pk})


def _transition(evaluation):
    return reverse("evaluations:evaluation_transition", kwargs={"pk": evaluation.pk})


def _state(evaluation):
    evaluation.refresh_from_db()
    return (evaluation.stage_id, evaluation.status, evaluation.lock_version)


def test_the_panel_shows_the_stage_and_only_the_buttons_the_user_may_use(district, evaluation, login):
    page = login(district.users["org_admin"]).get(_detail(evaluation)).content.decode()
    assert 'id="current-stage">自评' in page and 'id="transition-submit"' in page
    assert 'id="transition-return"' not in page
    at_stage(evaluation, StageKind.REVIEW)
    page = login(district.users["street_staff"]).get(_detail(evaluation)).content.decode()
    assert 'id="transition-submit"' in page and 'id="transition-return"' in page
    page = login(district.users["district_approver"]).get(_detail(evaluation)).content.decode()
    assert 'id="transition-submit"' not in page and 'id="transition-return"' not in page


def test_the_street_returns_a_review_with_a_reason(district, evaluation, login):
    at_stage(evaluation, StageKind.REVIEW)
    client = login(district.users["street_staff"])
    data = {"action": "return", "reason": "佐证材料不全", "lock_version": evaluation.lock_version}
    response = client.post(_transition(evaluation), data)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.stage.kind == StageKind.SELF_ASSESSMENT
    assert Transition.objects.get(evaluation=evaluation).reason == "佐证材料不全"


def test_a_refused_transition_says_why_and_changes_nothing(district, evaluation, login):
    at_stage(evaluation, StageKind.REVIEW)
    before = _state(evaluation)
    client = login(district.users["street_staff"])
    response = client.post(_transition(evaluation), {"action": "return", "lock_version": evaluation.lock_version})
    assert response.status_code == 400
    assert "请填写理由" in response.content.decode()
    assert _state(evaluation) == before and not Transition.objects.exists()


def test_a_stale_form_is_told_the_evaluation_changed_meanwhile(district, evaluation, login):
    at_stage(evaluation, StageKind.REVIEW)
    stale = evaluation.lock_version
    street = login(district.users["street_staff"])
    assert street.post(_transition(evaluation), {"action": "submit", "lock_version": stale}).status_code == 302
    at_stage(evaluation, StageKind.REVIEW)
    before = _state(evaluation)
    response = street.post(_transition(evaluation), {"action": "submit", "lock_version": stale})
    assert response.status_code == 409
    assert "的评定在此期间已被他人更改。请刷新页面后重试。" in response.content.decode()
    assert _state(evaluation) == before


def test_the_district_reopens_an_earlier_stage_with_a_reason(district, evaluation, login):
    at_stage(evaluation, StageKind.CONSULTATION)
    client = login(district.users["district_admin"])
    page = client.get(_detail(evaluation)).content.decode()
    assert 'id="reopen-target"' in page
    review_order = evaluation.campaign.stages.get(kind=StageKind.REVIEW).order
    data = {"action": "reopen", "target_order": review_order, "reason": "复核打分有误", "lock_version": 0}
    assert client.post(_transition(evaluation), data).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.stage.kind == StageKind.REVIEW


def test_the_district_revises_an_approved_evaluation_from_its_page(district, evaluation, login):
    at_stage(evaluation, StageKind.APPROVAL)
    approver = login(district.users["district_approver"])
    assert approver.post(_transition(evaluation), {"action": "submit"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.APPROVED
    admin = login(district.users["district_admin"])
    assert 'id="transition-revise"' in admin.get(_detail(evaluation)).content.decode()
    data = {"action": "revise", "reason": "信访核实后更正", "lock_version": evaluation.lock_version}
    assert admin.post(_transition(evaluation), data).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.IN_PROGRESS and evaluation.revision == 1


def test_an_outsider_cannot_move_the_evaluation(district, evaluation, login):
    before = _state(evaluation)
    response = login(district.users["outsider"]).post(_transition(evaluation), {"action": "submit"})
    assert response.status_code == 404
    assert _state(evaluation) == before


def test_the_street_submits_all_reviewed_and_lists_the_others_with_the_reason(district, campaign, login):
    reviewed = at_stage(evaluation_of(campaign, district.community), StageKind.REVIEW)
    waiting = at_stage(evaluation_of(campaign, district.sibling_community), StageKind.REVIEW)
    other_street = at_stage(evaluation_of(campaign, district.other_community), StageKind.REVIEW)
    ScoreFactory(evaluation=reviewed, stage="review", code="A1.1", points="1")
    ScoreFactory(evaluation=other_street, stage="review", code="A1.1", points="1")
    client = login(district.users["street_staff"])
    page = client.get(reverse("evaluations:campaign_streets", kwargs={"pk": campaign.pk})).content.decode()
    assert district.street.name in page and district.other_street.name not in page
    url = reverse("evaluations:street_submit_reviewed", kwargs={"pk": campaign.pk, "street_pk": district.street.pk})
    response = client.post(url, follow=True)
    page = response.content.decode()
    assert district.community.name in page and "尚无复核分" in page and district.sibling_community.name in page
    for evaluation in (reviewed, waiting, other_street):
        evaluation.refresh_from_db()
    kinds = {evaluation.organization_id: evaluation.stage.kind for evaluation in (reviewed, waiting, other_street)}
    assert kinds == {
        district.community.pk: StageKind.PUBLICITY,
        district.sibling_community.pk: StageKind.REVIEW,
        district.other_community.pk: StageKind.REVIEW,
    }


def test_the_street_list_pins_its_queries(district, campaign, login, django_assert_max_num_queries):
    client = login(district.users["district_admin"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("evaluations:campaign_streets", kwargs={"pk": campaign.pk}))
    page = response.content.decode()
    assert district.street.name in page and district.other_street.name in page
