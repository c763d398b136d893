"""The what-if pages: the district runs a draft and adopts it as the next version; a street's staff is refused."""

import pytest
from django.urls import reverse

from evaluations.models import PolicyWhatIf
from orgs.models import AuditEvent
from scoring.models import IndicatorTemplate
from tests.support.whatif import draft_form, scored_campaign, what_if_of

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_district_runs_a_draft_from_the_form_and_sees_who_loses(
    district, campaign, client, django_capture_on_commit_callbacks
):
    scored_campaign(district, campaign)
    client.force_login(district.users["district_admin"])
    form = client.get(reverse("evaluations:what_if_new", args=[campaign.template.pk]))
    assert 'value="18"' in form.content.decode()
    data = dict(draft_form(district, campaign, district.users["district_admin"], threshold="19").data)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluations:what_if_new", args=[campaign.template.pk]), data)
    what_if = PolicyWhatIf.objects.get()
    assert response.url == reverse("evaluations:what_if_detail", args=[what_if.pk])
    page = client.get(response.url).content.decode()
    assert "共 3 个组织：0 个升级，2 个降级，1 个不变。" in page
    assert "东城村党总支" in page and "党组织建设：得分 18.5，低于新的亮星线 19 分（原为 18 分）" in page
    assert "采纳为版本 2" in page


def test_a_threshold_above_full_points_is_shown_beside_the_field(district, campaign, client):
    client.force_login(district.users["district_admin"])
    data = dict(draft_form(district, campaign, district.users["district_admin"], threshold="21").data)
    page = client.post(reverse("evaluations:what_if_new", args=[campaign.template.pk]), data).content.decode()
    assert "亮星分数线 21 高于维度“党组织建设”的满分 20 分" in page
    assert not PolicyWhatIf.objects.exists()


def test_street_staff_cannot_open_or_run_a_what_if(district, campaign, client, django_capture_on_commit_callbacks):
    scored_campaign(district, campaign)
    with django_capture_on_commit_callbacks(execute=True):
        what_if = what_if_of(district, campaign, threshold="19")
    client.force_login(district.users["street_staff"])
    assert client.get(reverse("evaluations:what_if_detail", args=[what_if.pk])).status_code == 403
    assert client.get(reverse("evaluations:what_if_new", args=[campaign.template.pk])).status_code == 403
    assert client.post(reverse("evaluations:what_if_adopt", args=[what_if.pk]), {"version": "2"}).status_code == 403
    assert IndicatorTemplate.objects.filter(code="yucheng_4plus1").count() == 1


def test_adopting_makes_the_next_version_with_the_new_threshold(
    district, campaign, client, django_capture_on_commit_callbacks
):
    scored_campaign(district, campaign)
    with django_capture_on_commit_callbacks(execute=True):
        what_if = what_if_of(district, campaign, threshold="19")
    client.force_login(district.users["district_admin"])
    response = client.post(reverse("evaluations:what_if_adopt", args=[what_if.pk]), {"version": "2"})
    assert response.status_code == 302
    adopted = IndicatorTemplate.objects.get(code="yucheng_4plus1", version=2)
    assert adopted.as_definition().scheme.threshold == 19
    assert IndicatorTemplate.objects.get(code="yucheng_4plus1", version=1).as_definition().scheme.threshold == 18
    what_if.refresh_from_db()
    assert what_if.adopted_template == adopted and what_if.adopted_by == district.users["district_admin"]
    assert AuditEvent.objects.filter(action="what_if_adopt", object_id=str(what_if.pk)).exists()
    # Adopting again, or with a stale confirmation, changes nothing.
    client.post(reverse("evaluations:what_if_adopt", args=[what_if.pk]), {"version": "3"})
    assert IndicatorTemplate.objects.filter(code="yucheng_4plus1").count() == 2


@pytest.mark.parametrize(
    ("file", "shown"),
    [
        ("lengshuijiang_fortress_2023.yaml", ["5星的最低总分", "触发否定项时最高星级"]),
        (
            "yantian_quality.yaml",
            ["指标量化考评权重（%），其余为评议权重", "“好”等次的最低加权得分", "评议群体“党员代表”的权重（%）"],
        ),
    ],
)
def test_banded_and_graded_templates_show_their_numbers(district, client, file, shown):
    from scoring.services import templates_load
    from tests.support.scoring import TEMPLATES_DIR

    (template, *_others) = templates_load(source_yaml=(TEMPLATES_DIR / file).read_text(encoding="utf-8"), by=None)
    client.force_login(district.users["district_admin"])
    page = client.get(reverse("evaluations:what_if_new", args=[template.pk])).content.decode()
    for text in shown:
        assert text in page


def test_the_export_lists_the_organizations_that_change(district, campaign, client, django_capture_on_commit_callbacks):
    from io import BytesIO

    from openpyxl import load_workbook

    scored_campaign(district, campaign)
    with django_capture_on_commit_callbacks(execute=True):
        what_if = what_if_of(district, campaign, threshold="19")
    client.force_login(district.users["district_admin"])
    response = client.get(reverse("evaluations:what_if_export", args=[what_if.pk]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    names = {row[2]: row for row in rows[2:]}
    assert set(names) == {"东城第一社区党委", "东城村党总支"}
    assert names["东城村党总支"][3:6] == ("降", "4星", "3星")
