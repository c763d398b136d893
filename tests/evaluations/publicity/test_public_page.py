"""The public publicity page of a street: no login, only the street's organizations at the publicity stage,
their proposed stars and totals, and filing an objection (throttled per address, contact never shown whole)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Objection
from orgs.models import AuditEvent, AuditOutcome
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign
from tests.support.publicity import public_url, publicised

# Each test counts the objection throttle from zero.
pytestmark = pytest.mark.usefixtures("own_cache")


def test_anyone_sees_the_street_organizations_at_publicity_with_stars_and_the_window(district, client):
    campaign, evaluation = publicised(district)
    at_stage(evaluation_of(campaign, district.other_community), "publicity")  # another street, also publicised

    response = client.get(public_url(campaign, district.street))

    text = response.content.decode()
    assert response.status_code == 200
    assert district.community.name in text
    assert "4星" in text and "92.5" in text
    entered = timezone.localtime(evaluation.stage_entered_at)
    assert f"{entered:%Y-%m-%d %H:%M}" in text
    assert f"{entered + timedelta(days=3):%Y-%m-%d %H:%M}" in text
    assert district.sibling_community.name not in text  # still at self-assessment
    assert district.other_community.name not in text  # another street


def test_outside_the_window_the_page_says_so_and_lists_nothing(district, client):
    campaign = open_community_campaign(district)
    at_stage(evaluation_of(campaign, district.community), "review")

    response = client.get(public_url(campaign, district.street))

    text = response.content.decode()
    assert response.status_code == 200
    assert "目前没有" in text
    assert district.community.name not in text
    assert "<form" not in text.split("</header>")[1]


def test_an_unknown_street_or_a_street_outside_the_campaign_is_not_found(district, client):
    campaign, _ = publicised(district)
    assert (
        client.get(
            reverse("evaluations:publicity_public", kwargs={"campaign_id": campaign.pk, "street_code": "NOPE"})
        ).status_code
        == 404
    )
    community_code = reverse(
        "evaluations:publicity_public", kwargs={"campaign_id": campaign.pk, "street_code": district.community.code}
    )
    assert client.get(community_code).status_code == 404


def test_a_resident_files_an_objection_anonymously_and_it_is_audited(district, client):
    campaign, evaluation = publicised(district)
    url = public_url(campaign, district.street)

    response = client.post(
        url, {"evaluation": evaluation.pk, "text": "组织生活会记录不实", "name": "王五", "contact": "13812345678"}
    )

    assert response.status_code == 302
    assert "filed=1" in response["Location"]
    objection = Objection.objects.get()
    assert objection.evaluation == evaluation and objection.text == "组织生活会记录不实" and objection.name == "王五"
    assert "13812345678" not in objection.contact  # encrypted at rest
    event = AuditEvent.objects.get(action=EvaluationAuditAction.OBJECTION_FILE)
    assert event.actor is None and event.outcome == AuditOutcome.SUCCESS
    assert "13812345678" not in str(event.detail)
    assert "已收到" in client.get(response["Location"]).content.decode()


def test_a_missing_text_or_a_bad_phone_is_named_and_nothing_is_stored(district, client):
    campaign, evaluation = publicised(district)

    response = client.post(
        public_url(campaign, district.street), {"evaluation": evaluation.pk, "text": "  ", "contact": "12345"}
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "异议内容" in text and "联系电话" in text
    assert 'value="12345"' in text  # what was typed stays
    assert not Objection.objects.exists()


def test_no_organization_chosen_is_named(district, client):
    campaign, _ = publicised(district)

    response = client.post(public_url(campaign, district.street), {"evaluation": "", "text": "有异议"})

    assert response.status_code == 400
    assert "请选择" in response.content.decode()
    assert not Objection.objects.exists()


def test_an_objection_on_an_organization_not_publicised_is_refused_and_audited(district, client):
    campaign, _ = publicised(district)
    sibling = evaluation_of(campaign, district.sibling_community)  # same street, still self-assessing

    response = client.post(public_url(campaign, district.street), {"evaluation": sibling.pk, "text": "有异议"})

    assert response.status_code == 410
    assert not Objection.objects.exists()
    assert AuditEvent.objects.filter(action=EvaluationAuditAction.OBJECTION_FILE, outcome=AuditOutcome.REFUSED).exists()


def test_an_objection_on_another_streets_organization_is_not_accepted(district, client):
    campaign, _ = publicised(district)
    other = at_stage(evaluation_of(campaign, district.other_community), "publicity")

    response = client.post(public_url(campaign, district.street), {"evaluation": other.pk, "text": "有异议"})

    assert response.status_code == 400
    assert not Objection.objects.exists()


def test_one_address_files_at_most_the_hourly_limit_then_again_an_hour_later(district, client, settings):
    settings.PUBLICITY_OBJECTIONS_PER_HOUR = 2
    campaign, evaluation = publicised(district)
    url = public_url(campaign, district.street)
    data = {"evaluation": evaluation.pk, "text": "有异议"}
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    with time_machine.travel(start, tick=False) as traveller:
        assert client.post(url, data, REMOTE_ADDR="10.0.0.7").status_code == 302
        assert client.post(url, data, REMOTE_ADDR="10.0.0.7").status_code == 302
        refused = client.post(url, data, REMOTE_ADDR="10.0.0.7")
        assert refused.status_code == 429
        assert "每小时最多" in refused.content.decode()
        assert client.post(url, data, REMOTE_ADDR="10.0.0.8").status_code == 302  # another address
        assert Objection.objects.count() == 3
        assert AuditEvent.objects.filter(
            action=EvaluationAuditAction.OBJECTION_FILE, outcome=AuditOutcome.REFUSED, detail__reason="throttled"
        ).exists()
        traveller.shift(timedelta(hours=1))
        assert client.post(url, data, REMOTE_ADDR="10.0.0.7").status_code == 302


def test_the_page_keeps_csrf_protection(district):
    from django.test import Client

    campaign, evaluation = publicised(district)
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(public_url(campaign, district.street), {"evaluation": evaluation.pk, "text": "有异议"})

    assert response.status_code == 403
    assert not Objection.objects.exists()


def test_the_public_page_answers_in_a_fixed_number_of_queries(district, client, django_assert_max_num_queries):
    campaign, _ = publicised(district)
    at_stage(evaluation_of(campaign, district.sibling_community), "publicity")

    with django_assert_max_num_queries(4):
        response = client.get(public_url(campaign, district.street))

    assert response.status_code == 200


def test_behind_a_proxy_the_address_the_proxy_appended_is_counted(district, client, settings):
    settings.PUBLICITY_OBJECTIONS_PER_HOUR = 1
    settings.TRUSTED_PROXY_COUNT = 1
    campaign, evaluation = publicised(district)
    url = public_url(campaign, district.street)
    data = {"evaluation": evaluation.pk, "text": "有异议"}

    first = client.post(url, data, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.0.7")
    second = client.post(url, data, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="10.0.0.8")
    forged = client.post(url, data, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="2.2.2.2, 10.0.0.7")

    assert (first.status_code, second.status_code, forged.status_code) == (302, 302, 429)
