"""The street sets a community's "+1" sub-items; errors stand next to their rows and typed values are kept."""

import pytest
from django.urls import reverse

from evaluations.models import PersonalizedItem, Stage
from evaluations.services.scores.inputs import ScoreInput
from evaluations.services.scores.sheet import scores_save
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


def _form(rows):
    data = {"rows": len(rows)}
    for index, (parent, code, name, points) in enumerate(rows):
        data.update(
            {
                f"parent_code-{index}": parent,
                f"code-{index}": code,
                f"name-{index}": name,
                f"points-{index}": points,
                f"standard-{index}": f"{name}，完成得满分。",
            }
        )
    return data


GOOD = [
    ("E1", "E1.1", "老旧小区改造", "6"),
    ("E1", "E1.2", "垃圾分类", "4"),
    ("E2", "E2.1", "党员群众测评", "6"),
    ("E3", "E3.1", "特色亮点", "4"),
]


def test_the_street_sets_sub_items_that_make_the_dimension(district, evaluation, login):
    client = login(district.users["street_staff"])
    url = reverse("evaluations:personalised_items", kwargs={"pk": evaluation.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, _form(GOOD))
    assert response.status_code == 302
    assert list(PersonalizedItem.objects.order_by("order").values_list("code", flat=True)) == [
        "E1.1",
        "E1.2",
        "E2.1",
        "E3.1",
    ]
    page = client.get(url).content.decode()
    assert 'value="老旧小区改造"' in page and 'value="6"' in page


def test_errors_stand_next_to_their_rows_and_keep_the_typed_values(district, evaluation, login):
    client = login(district.users["street_staff"])
    url = reverse("evaluations:personalised_items", kwargs={"pk": evaluation.pk})
    rows = [*GOOD[:3], ("E3", "E3.1", "特色亮点", "4.3")]
    response = client.post(url, _form(rows))
    assert response.status_code == 400
    page = response.content.decode()
    assert "第4个小项（E3.1）" in page
    assert 'value="4.3"' in page and 'value="垃圾分类"' in page
    assert not PersonalizedItem.objects.exists()
    response = client.post(url, _form(GOOD[:3]))
    assert "作用发挥（抓党建促社区治理）的小项合计 16 分，应为 20 分。" in response.content.decode()
    assert not PersonalizedItem.objects.exists()


def test_the_community_and_an_outsider_cannot_set_them(district, evaluation, login):
    url = reverse("evaluations:personalised_items", kwargs={"pk": evaluation.pk})
    assert login(district.users["org_admin"]).post(url, _form(GOOD)).status_code == 403
    assert login(district.users["outsider"]).post(url, _form(GOOD)).status_code == 404
    assert not PersonalizedItem.objects.exists()


def test_once_scored_the_sub_items_are_shown_read_only_with_the_reason(district, evaluation, login):
    client = login(district.users["street_staff"])
    url = reverse("evaluations:personalised_items", kwargs={"pk": evaluation.pk})
    client.post(url, _form(GOOD))
    at_stage(evaluation, "review")
    scores_save(evaluation=evaluation, stage=Stage.REVIEW, values={"E1.1": ScoreInput("5")}, vetoes=None, by=None)
    reason = f"{district.community.name}的个性化小项已有评分，不能再修改。"
    page = client.get(url).content.decode()
    assert reason in page
    assert 'id="personalised-form"' not in page and "<input" not in page.split('id="personalised-items"')[1]
    assert "<td>老旧小区改造</td>" in page
    response = client.post(url, _form([("E1", "E1.1", "改名", "6"), *GOOD[1:]]))
    assert response.status_code == 409
    assert reason in response.content.decode()
    assert PersonalizedItem.objects.get(code="E1.1").name == "老旧小区改造"
