"""The district's home page runs the same number of queries for a few organizations as for many streets of them:
progress is grouped by street in the database, not counted street by street."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs.models import Level
from tests.factories import add_org
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db


def _home_queries(client) -> tuple[int, str]:
    client.get(reverse("home"))  # the session and the grants settle first
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_district_home_takes_as_many_queries_for_many_streets_as_for_two(district, campaign, login):
    at_stage(evaluation_of(campaign, district.community), "consultation")  # some work waits in both cases
    client = login(district.users["district_admin"])
    few, html = _home_queries(client)
    assert html.count('<th scope="row">') == 3  # two streets and the total

    for street_number in range(3, 9):
        street = add_org(district.district, f"S{street_number:02d}", f"第{street_number}街道党工委", Level.STREET)
        for community_number in range(1, 5):
            add_org(street, f"C{street_number:02d}{community_number:02d}", f"第{community_number}社区", Level.COMMUNITY)
    bigger = open_community_campaign(district, template=campaign.template)
    for index, evaluation in enumerate(bigger.evaluations.order_by("pk")):
        at_stage(evaluation, ("review", "publicity", "consultation", "approval")[index % 4])

    many, html = _home_queries(client)
    assert html.count('<th scope="row">') == 3 + 8 + 1  # the first campaign's rows, then 8 streets and the total
    assert many == few
