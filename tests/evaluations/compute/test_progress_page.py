"""The campaign page says how far its computation has come: streets done of all, and the time taken."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from evaluations.services.compute.streets import computation_start, street_claim
from tests.support.evaluations import evaluation_of, full_marks, save_scores

pytestmark = pytest.mark.django_db


def _progress(client, campaign) -> str:
    page = client.get(reverse("evaluations:campaign_evaluations", args=[campaign.pk])).content.decode()
    found = re.search(r'<p id="computation-progress"[^>]*>(.*?)</p>', page, re.S)
    return " ".join(found.group(1).split()) if found else ""


def test_the_page_shows_the_streets_done_while_another_worker_holds_one_then_the_time_taken(
    district, campaign, login, settings
):
    client = login(district.users["district_admin"])
    assert _progress(client, campaign) == ""  # never asked for
    for organization in (district.community, district.sibling_community, district.other_community):
        save_scores(evaluation_of(campaign, organization), full_marks(campaign.template))
    campaign_compute_request(campaign=campaign)
    assert _progress(client, campaign) == "另有一次计算正在排队等待开始。"

    now = timezone.now()
    computation, _started = computation_start(campaign_id=campaign.pk, now=now)
    street_claim(computation_id=computation.pk, now=now, worker="worker-a@elsewhere")
    campaign_compute_run(campaign_id=campaign.pk, now=now)  # every street but the one held elsewhere
    assert _progress(client, campaign).startswith("正在计算结果：2 个街道已完成 1 个，已用时 ")

    later = now + timedelta(seconds=settings.CAMPAIGN_COMPUTE_LEASE_SECONDS + 1)
    campaign_compute_run(campaign_id=campaign.pk, now=later)  # the held street, once its lease has run out
    seconds = f"{settings.CAMPAIGN_COMPUTE_LEASE_SECONDS + 1}.0"
    finished = timezone.localtime(later).strftime("%Y-%m-%d %H:%M")
    assert _progress(client, campaign) == f"结果已计算：2 个街道完成 2 个，用时 {seconds} 秒，完成于 {finished}。"


def test_a_failed_street_is_counted_on_the_page(district, campaign, login, monkeypatch):
    save_scores(evaluation_of(campaign, district.other_community), full_marks(campaign.template))

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("evaluations.services.compute.inputs.compute", fail)
    campaign_compute_request(campaign=campaign)
    with pytest.raises(RuntimeError):
        campaign_compute_run(campaign_id=campaign.pk)
    progress = _progress(login(district.users["district_admin"]), campaign)
    assert progress.startswith("最近一次计算失败：2 个街道完成 0 个，失败 2 个，用时 ")
