"""Refusals and missing pages speak Chinese inside the application's frame, with the way back to one's work."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_refusal_names_its_reason_in_the_applications_frame(district, login):
    response = login(district.users["member"]).get(reverse("evaluations:district_overview"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>无权操作</h1>" in page and "全区概览仅供区、街道工作人员查看。" in page
    assert 'class="mainnav"' in page and "返回我的工作" in page


def test_a_missing_or_out_of_scope_item_says_so(district, login):
    client = login(district.users["street_staff"])
    for url in ("/no-such-page/", reverse("evaluations:campaign_evaluations", args=[987654])):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404
        assert "该页面或事项不存在，或不在您的管理范围内。" in page and "返回我的工作" in page
