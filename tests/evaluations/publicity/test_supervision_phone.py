"""The supervision phone (监督电话, the PUBLICITY_SUPERVISION_PHONE setting) is printed on the publicity notice and
shown on the public page; without the setting neither says anything of a phone to call."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from tests.support.publicity import public_url, publicised

pytestmark = pytest.mark.usefixtures("own_cache")


def _notice_text(client, campaign, street) -> str:
    url = reverse("evaluations:publicity_notice", kwargs={"campaign_id": campaign.pk, "street_code": street.code})
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(client.get(url).content)).pages)


@override_settings(PUBLICITY_SUPERVISION_PHONE="0731-12380")
def test_the_notice_and_the_public_page_carry_the_supervision_phone(district, login, client):
    campaign, _ = publicised(district)
    assert "监督电话：0731-12380" in _notice_text(login(district.users["street_staff"]), campaign, district.street)
    assert "监督电话：0731-12380" in client.get(public_url(campaign, district.street)).content.decode()


@override_settings(PUBLICITY_SUPERVISION_PHONE="")
def test_without_a_phone_set_no_phone_line_is_printed(district, login, client):
    campaign, _ = publicised(district)
    assert "监督电话" not in _notice_text(login(district.users["street_staff"]), campaign, district.street)
    assert "监督电话" not in client.get(public_url(campaign, district.street)).content.decode()
