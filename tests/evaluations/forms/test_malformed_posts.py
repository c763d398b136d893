"""A POST the page could not have sent (a damaged hidden field, an unknown choice, a missing file) is refused by
its form with a message, and changes nothing."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from evaluations.forms.approval import ListReturnForm, QuotaPenaltyForm
from evaluations.forms.consultation import OpinionForm
from evaluations.forms.personalised import PersonalisedItemsForm
from evaluations.models import Evidence, RecommendedList
from orgs.models import Department
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db

OUT_OF_DATE = "页面已过期或被改动，请刷新页面后重试。"


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "submit", "lock_version": "x"}, OUT_OF_DATE),
        ({"action": "reopen", "reason": "复核有误", "target_order": "first"}, "没有这个阶段。"),
    ],
)
def test_a_damaged_transition_form_is_a_400_and_nothing_moves(district, evaluation, login, data, message):
    at_stage(evaluation, "review")
    url = reverse("evaluations:evaluation_transition", kwargs={"pk": evaluation.pk})
    response = login(district.users["district_admin"]).post(url, data)
    assert response.status_code == 400
    assert response.context["transition_error"] == message
    evaluation.refresh_from_db()
    assert (evaluation.stage.kind, evaluation.lock_version) == ("review", 0)


def test_an_unknown_department_is_named_under_the_departments_and_nothing_is_saved(district, evaluation, login):
    campaign = evaluation.campaign
    url = reverse("evaluations:campaign_stages", kwargs={"pk": campaign.pk})
    data = {"departments": [str(Department.objects.order_by("pk").first().pk), "999999"]}
    response = login(district.users["district_admin"]).post(url, data)
    assert response.status_code == 400
    assert response.context["department_errors"] == ["选择一个有效的选项。 999999 不在可用的选项中。"]
    assert not campaign.departments.exists()


def test_an_upload_without_its_file_names_the_item(district, evaluation, login):
    url = reverse("evaluations:evidence_upload", kwargs={"pk": evaluation.pk}) + "?stage=self_assessment"
    response = login(district.users["org_admin"]).post(url, {"code": "A1.1"})
    assert response.status_code == 302 and response["Location"].endswith("#row-A1.1")
    assert _messages(response) == ["A1.1：请选择要上传的文件。"]
    assert not Evidence.objects.exists()


def test_a_damaged_list_version_is_refused_with_a_message(district, evaluation, login):
    url = reverse("evaluations:recommended_list_build", kwargs={"pk": evaluation.campaign_id})
    response = login(district.users["district_admin"]).post(url, {"version": "latest"})
    assert response.status_code == 302
    assert _messages(response) == [OUT_OF_DATE]
    assert not RecommendedList.objects.exists()


def test_the_list_forms_pass_on_what_their_services_check(district):
    returned = ListReturnForm({"version": "3", "reason": " 材料待补充 "})
    assert returned.is_valid() and returned.cleaned_data == {"version": 3, "reason": "材料待补充"}
    blank = ListReturnForm({})
    assert blank.is_valid() and blank.cleaned_data["version"] is None  # no version: not checked, as before
    for street in ("", "abc", str(district.community.pk)):
        penalty = QuotaPenaltyForm({"street": street, "points": "4", "reason": "靠后"})
        assert not penalty.is_valid() and penalty.errors["street"] == ["请选择本次评星定级活动范围内的街道。"]
    penalty = QuotaPenaltyForm({"street": str(district.street.pk), "points": "x"})
    assert penalty.is_valid() and penalty.cleaned_data["points"] == "x"  # the service names a bad number


def test_an_opinion_on_no_evaluation_is_not_found(district, login):
    assert not OpinionForm({"evaluation": "x"}).is_valid()
    campaign = open_community_campaign(district)
    url = reverse("evaluations:consultation_opinions", kwargs={"pk": campaign.pk})
    assert login(district.users["department_reviewer"]).post(url, {"evaluation": "x"}).status_code == 404


def test_the_personalised_rows_follow_the_rows_the_page_had(district):
    data = {"rows": "2", "code-0": "E1.1", "name-0": "垃圾分类", "code-1": " ", "code-2": "E9.9"}
    form = PersonalisedItemsForm(data)
    assert form.is_valid()
    assert [row["code"] for row in form.rows()] == ["E1.1"]  # empty rows dropped, rows past the count unread
    assert PersonalisedItemsForm({"rows": "many"}).row_count == 0
    assert PersonalisedItemsForm({"rows": "100000"}).row_count == 200
