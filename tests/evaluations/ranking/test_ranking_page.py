"""The district ranking: every evaluation with its street, domain, total, stars and stage, sorted by total
(ties by code), filtered by street, domain and stars, in a fixed number of queries; the star chart as inline
SVG; the Excel export; the published results after approval."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from evaluations.services.approval import recommended_list_approve, recommended_list_build, recommended_list_submit
from evaluations.services.quotas import five_star_cap_set
from orgs.models import AuditAction, AuditEvent
from tests.factories import add_org
from tests.support.approval import campaign_awaiting_approval, give_result
from tests.support.evaluations import at_stage, evaluation_of


def _ranking(client, campaign, query=""):
    return client.get(reverse("evaluations:campaign_ranking", kwargs={"pk": campaign.pk}) + query)


def _names_in_order(response, district) -> list[str]:
    body = response.content.decode()
    names = [district.community.name, district.sibling_community.name, district.other_community.name]
    return sorted((name for name in names if name in body), key=body.index)


def test_the_ranking_lists_every_evaluation_by_total_with_street_domain_stars_and_stage(district, login):
    campaign = campaign_awaiting_approval(district)
    at_stage(evaluation_of(campaign, district.sibling_community), "publicity")
    response = _ranking(login(district.users["district_admin"]), campaign)
    assert response.status_code == 200
    assert _names_in_order(response, district) == [
        district.community.name,
        district.other_community.name,
        district.sibling_community.name,
    ]
    rows = response.context["rows"]
    assert [(row.rank, row.street, row.domain, str(row.total), row.stars, row.stage) for row in rows] == [
        (1, "东城街道党工委", "城市社区", "95.00", 5, "审定"),
        (2, "西城街道党工委", "城市社区", "91.00", 5, "审定"),
        (3, "东城街道党工委", "农村", "88.00", 4, "公示"),
    ]


def test_the_ranking_filters_by_street_domain_and_stars_and_sorts_lowest_first(district, login):
    campaign = campaign_awaiting_approval(district)
    client = login(district.users["district_admin"])
    by_street = _ranking(client, campaign, f"?street={district.street.pk}")
    assert _names_in_order(by_street, district) == [district.community.name, district.sibling_community.name]
    by_domain = _ranking(client, campaign, "?domain=village")
    assert [row.name for row in by_domain.context["rows"]] == [district.sibling_community.name]
    by_stars = _ranking(client, campaign, "?stars=5&sort=total")
    assert [row.name for row in by_stars.context["rows"]] == [district.other_community.name, district.community.name]
    nonsense = _ranking(client, campaign, "?street=abc&stars=9&domain=x")
    assert len(nonsense.context["rows"]) == 3


def test_ties_are_ranked_by_organization_code(district, login):
    campaign = campaign_awaiting_approval(
        district, {"other_community": ("90", 4), "community": ("90", 4), "sibling_community": ("90", 4)}
    )
    response = _ranking(login(district.users["district_admin"]), campaign)
    assert [row.code for row in response.context["rows"]] == ["C0101", "C0102", "C0201"]


def test_the_ranking_takes_the_same_queries_for_three_or_twenty_organizations(
    district, login, django_assert_max_num_queries
):
    client = login(district.users["district_admin"])
    small = campaign_awaiting_approval(district)
    with django_assert_max_num_queries(10):
        _ranking(client, small)
    for number in range(17):
        add_org(district.street, f"C01{number + 10}", f"东城新社区{number}", "community", domain="urban_community")
    large = campaign_awaiting_approval(district)
    for evaluation in large.evaluations.all():
        at_stage(evaluation, "approval")
        give_result(evaluation, total="80", stars=3)
    with django_assert_max_num_queries(10):
        response = _ranking(client, large)
    assert len(response.context["rows"]) == 20


def test_the_star_chart_is_inline_svg_without_style_attributes(district, login):
    campaign = campaign_awaiting_approval(district)
    body = _ranking(login(district.users["district_admin"]), campaign).content.decode()
    chart = body[body.index("<svg") : body.index("</svg>")]
    assert "style=" not in body.lower().replace("stylesheet", "")
    assert "<script" not in chart
    assert "东城街道党工委 (2)" in chart and "西城街道党工委 (1)" in chart
    assert chart.count("<rect") == 6 + 3  # the legend's six colours, then 5★ and 4★ in the east, 5★ in the west


def test_the_approver_sees_the_ranking_read_only_and_a_street_is_refused(district, login):
    campaign = campaign_awaiting_approval(district)
    approver = _ranking(login(district.users["district_approver"]), campaign)
    assert approver.status_code == 200
    assert "只读" in approver.content.decode()
    list_page = login(district.users["district_approver"]).get(
        reverse("evaluations:recommended_list", kwargs={"pk": campaign.pk})
    )
    assert reverse("evaluations:recommended_list_build", kwargs={"pk": campaign.pk}) not in list_page.content.decode()
    assert _ranking(login(district.users["street_staff"]), campaign).status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=district.users["street_staff"]).exists()


def test_the_ranking_exports_to_excel_with_the_same_filters(district, login):
    campaign = campaign_awaiting_approval(district)
    client = login(district.users["district_admin"])
    response = client.get(
        reverse("evaluations:campaign_ranking_export", kwargs={"pk": campaign.pk}) + f"?street={district.street.pk}"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith(campaign.name)  # the title row above the header
    assert rows[1][:3] == ("排名", "党组织代码", "党组织名称")
    assert [row[:7] for row in rows[2:]] == [
        (1, "C0101", district.community.name, "东城街道党工委", "城市社区", 95, 5),
        (2, "C0102", district.sibling_community.name, "东城街道党工委", "农村", 88, 4),
    ]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, detail__kind="ranking", detail__rows=2).exists()


def test_the_recommended_list_page_shows_the_failing_checks_by_street(district, login):
    campaign = campaign_awaiting_approval(district)
    client = login(district.users["district_admin"])
    client.post(reverse("evaluations:recommended_list_build", kwargs={"pk": campaign.pk}))
    body = client.get(reverse("evaluations:recommended_list", kwargs={"pk": campaign.pk})).content.decode()
    assert "建议名单未通过" not in body  # nothing submitted yet
    assert "校验未通过，建议名单不能提交" in body
    assert "西城街道党工委：五星党组织 1 个，最多允许 0 个" in body
    response = client.post(reverse("evaluations:recommended_list_submit", kwargs={"pk": campaign.pk}), follow=True)
    assert "建议名单未通过以下校验" in response.content.decode()


def test_published_results_show_the_approved_stars_in_the_users_scope(district, login):
    admin = district.users["district_admin"]
    campaign = campaign_awaiting_approval(district)
    street_page = login(district.users["street_staff"]).get(
        reverse("evaluations:published_results", kwargs={"pk": campaign.pk})
    )
    assert "尚未公布" in street_page.content.decode()
    five_star_cap_set(campaign=campaign, cap="100", by=admin)
    recommended_list = recommended_list_submit(
        recommended_list=recommended_list_build(campaign=campaign, by=admin), by=admin
    )
    recommended_list_approve(recommended_list=recommended_list, by=district.users["district_approver"])
    response = login(district.users["street_staff"]).get(
        reverse("evaluations:published_results", kwargs={"pk": campaign.pk})
    )
    rows = response.context["rows"]
    assert [(row.name, row.approved_stars) for row in rows] == [
        (district.community.name, 5),
        (district.sibling_community.name, 4),
    ]
    assert district.other_community.name not in response.content.decode()


def test_organization_names_are_escaped_in_the_ranking(district, login):
    from orgs.models import Organization

    Organization.objects.filter(pk=district.community.pk).update(name='<script>alert("x")</script>社区')
    campaign = campaign_awaiting_approval(district)
    body = _ranking(login(district.users["district_admin"]), campaign).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;社区" in body
