"""Every PDF prints names as they were typed: markup in a name is text, never a tag, an image or a link.

An organization named with ``<`` once failed a whole street's ledger, an ``<img src=...>`` name embedded a server
file and an ``<a href="javascript:...">`` name became a link. Each PDF is rendered here with such names.
"""

import io
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from orgs.models import Organization
from tests.support.evaluations import declared_at_review, evaluation_of, full_marks, save_scores
from tests.support.publicity import publicised
from tests.support.votes import open_survey

pytestmark = pytest.mark.usefixtures("own_cache")

COMMUNITY = '<a href="javascript:alert(1)">x</a> & <b>甲'
STREET = '<img src="/etc/passwd"/> 东<街道'
CAMPAIGN = "<b>评星</b> &amp; <i>2026"


def _with_markup_names(district, campaign) -> None:
    Organization.objects.filter(pk=district.community.pk).update(name=COMMUNITY)
    Organization.objects.filter(pk=district.street.pk).update(name=STREET)
    campaign.name = CAMPAIGN
    campaign.save(update_fields=["name"])
    district.community.refresh_from_db()
    district.street.refresh_from_db()


def _read(content: bytes) -> tuple[PdfReader, str]:
    """The PDF and its text with whitespace removed (a wrapped cell breaks its line anywhere)."""
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"\s+", "", text)


def _as_typed(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _assert_no_link_and_no_image_but(reader: PdfReader, content: bytes, *, images: int) -> None:
    assert all("/Annots" not in page for page in reader.pages)
    assert b"/URI" not in content and b"javascript" not in content.lower()
    assert sum(len(page.images) for page in reader.pages) == images


def test_the_ledger_prints_markup_in_names_as_typed_and_embeds_nothing(district, login):
    campaign, _ = publicised(district)
    evaluation = declared_at_review(evaluation_of(campaign, district.sibling_community))
    save_scores(evaluation, full_marks(evaluation.template), stage="review")
    _with_markup_names(district, campaign)

    response = login(district.users["street_staff"]).get(
        reverse(
            "evaluations:street_ledger",
            kwargs={"pk": campaign.pk, "street_pk": district.street.pk, "fmt": "pdf"},
        )
    )

    assert response.status_code == 200
    reader, text = _read(response.content)
    for name in (COMMUNITY, STREET, CAMPAIGN):
        assert _as_typed(name) in text
    _assert_no_link_and_no_image_but(reader, response.content, images=0)
    assert Path("/etc/passwd").read_bytes()[:20] not in response.content


def test_the_publicity_notice_prints_markup_in_names_as_typed(district, login):
    campaign, _ = publicised(district, total=str(Decimal("92.5")))
    _with_markup_names(district, campaign)

    response = login(district.users["street_staff"]).get(
        reverse(
            "evaluations:publicity_notice", kwargs={"campaign_id": campaign.pk, "street_code": district.street.code}
        )
    )

    assert response.status_code == 200
    reader, text = _read(response.content)
    for name in (COMMUNITY, STREET, CAMPAIGN):
        assert _as_typed(name) in text
    _assert_no_link_and_no_image_but(reader, response.content, images=1)  # the QR code of the public page


def test_the_vote_sheet_prints_markup_in_names_as_typed(district, login):
    survey = open_survey(district)
    _with_markup_names(district, survey.evaluation.campaign)

    response = login(district.users["street_staff"]).post(
        reverse("evaluations:vote_codes_print", args=[survey.pk]),
        {"count": 2, "expires_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
    )

    assert response.status_code == 200
    reader, text = _read(response.content)
    for name in (COMMUNITY, CAMPAIGN):
        assert _as_typed(name) in text
    _assert_no_link_and_no_image_but(reader, response.content, images=2)  # one QR code per vote code


def test_no_module_builds_a_paragraph_but_the_one_that_escapes_its_text():
    root = Path(__file__).resolve().parents[3]
    builders = [
        path.relative_to(root).as_posix()
        for package in ("evaluations", "orgs", "scoring", "starrating")
        for path in (root / package).rglob("*.py")
        if re.search(r"\bParagraph\b", path.read_text(encoding="utf-8"))
    ]
    assert builders == ["evaluations/exports/pdf.py"]
