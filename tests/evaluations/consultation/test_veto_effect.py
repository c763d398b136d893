"""Before a department saves a veto, its page says what the veto takes away: the star of the veto item's dimension."""

import pytest
from django.urls import reverse

from tests.support.consultation import consulting_campaign, reviewed_at_consultation

pytestmark = [pytest.mark.django_db]


def test_each_veto_item_names_the_dimension_whose_star_it_removes(district, login):
    campaign = consulting_campaign(district)
    reviewed_at_consultation(campaign, district.community)
    page = login(district.users["department_reviewer"]).get(
        reverse("evaluations:consultation_opinions", kwargs={"pk": campaign.pk})
    )
    text = page.content.decode()
    assert "V04 违反程序发展党员（如触发：摘去“队伍管理”维度的星）" in text
    assert "V10 无固定党群服务阵地（如触发：摘去“保障落实”维度的星）" in text
