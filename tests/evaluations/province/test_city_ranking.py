"""In a province, a city's campaign is ranked for the city's organization department: the city's organizations,
each with its own street (four steps down the tree), in a fixed number of queries; below the city the ranking
stays with those who hold it on the campaign's scope."""

from django.urls import reverse

from evaluations.models import Evaluation
from orgs.models import Level, Organization
from orgs.roles import Role
from orgs.services.roles import role_grant
from orgs.tree import street_path_of
from tests.factories import UserFactory
from tests.support.province import scored_campaign


def _ranking(client, campaign, query=""):
    return client.get(reverse("evaluations:campaign_ranking", kwargs={"pk": campaign.pk}) + query)


def _admin_of(organization):
    user = UserFactory()
    role_grant(user=user, role=Role.DISTRICT_ADMIN, organization=organization, by=None)
    return user


def test_a_city_s_ranking_lists_its_organizations_with_their_streets(province, login, django_assert_max_num_queries):
    city = province.first(Level.CITY)
    campaign = scored_campaign(city)
    client = login(_admin_of(city))
    with django_assert_max_num_queries(10):
        response = _ranking(client, campaign)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert sorted(row.evaluation_id for row in rows) == sorted(
        Evaluation.objects.filter(campaign=campaign).values_list("pk", flat=True)
    )
    assert len(rows) == 31
    totals = [row.total for row in rows]
    assert totals == sorted(totals, reverse=True)
    names = dict(Organization.objects.filter(level=Level.STREET).values_list("path", "name"))
    paths = dict(Organization.objects.values_list("code", "path"))
    assert [row.street for row in rows] == [names.get(street_path_of(paths[row.code]), "") for row in rows]
    assert {row.street for row in rows} - {""} == set(
        Organization.objects.filter(level=Level.STREET, path__startswith=city.path).values_list("name", flat=True)
    )
    assert response.context["ranking"].streets == list(
        Organization.objects.filter(level=Level.STREET, path__startswith=city.path).order_by("path")
    )


def test_a_city_s_ranking_filters_by_one_of_its_streets(province, login):
    city = province.first(Level.CITY)
    street = province.first(Level.STREET, within=city)
    campaign = scored_campaign(city)
    response = _ranking(login(_admin_of(city)), campaign, f"?street={street.pk}")
    assert len(response.context["rows"]) == 7
    assert {row.street for row in response.context["rows"]} == {street.name}


def test_a_district_sees_its_city_s_campaign_but_not_the_city_s_ranking(province, login):
    city = province.first(Level.CITY)
    campaign = scored_campaign(city)
    client = login(_admin_of(province.first(Level.DISTRICT, within=city)))
    assert client.get(reverse("evaluations:campaign_evaluations", kwargs={"pk": campaign.pk})).status_code == 200
    assert _ranking(client, campaign).status_code == 403
