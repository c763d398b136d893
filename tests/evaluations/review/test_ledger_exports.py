"""The street's ledger (台账): one row per evaluation as .xlsx and as a PDF with Chinese text, in scope only."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluations.models import ReviewCheck
from orgs.models import AuditAction, AuditEvent
from tests.support.evaluations import (
    declared_at_review,
    evaluation_of,
    full_marks,
    open_community_campaign,
    save_scores,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(district):
    campaign = open_community_campaign(district)
    evaluation = declared_at_review(evaluation_of(campaign, district.community))
    review = full_marks(evaluation.template, except_dimensions={"A": Decimal("1")}) | {"A1.1": "0"}
    save_scores(evaluation, review, stage="review")
    ReviewCheck.objects.create(evaluation=evaluation, code="A1.1", methods=["on_site", "interview"])
    ReviewCheck.objects.create(evaluation=evaluation, code="A1.2", methods=["on_site"])
    return campaign


def _url(campaign, street, fmt):
    return reverse("evaluations:street_ledger", kwargs={"pk": campaign.pk, "street_pk": street.pk, "fmt": fmt})


def test_the_ledger_xlsx_has_one_row_per_evaluation_of_the_street(district, campaign, login):
    response = login(district.users["street_staff"]).get(_url(campaign, district.street, "xlsx"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert district.street.name in rows[0][0]  # the title row above the header
    header = rows[1]
    assert header[:7] == ["组织编码", "党组织", "自评总分", "申报星级", "复核总分", "星级", "触及否定项"]
    assert "核查：实地查看" in header and "一般及以上占比" in header
    organizations = rows[2 : rows.index([None] * len(header))]  # the count and the signatures come under them
    by_code = {row[0]: row for row in organizations}
    assert set(by_code) == {district.community.code, district.sibling_community.code}
    row = dict(zip(header, by_code[district.community.code], strict=True))
    assert row["自评总分"] == 99 and row["复核总分"] == 98 and row["申报星级"] == 5
    assert row["核查：实地查看"] == 2 and row["核查：个别访谈"] == 1 and row["核查：查阅资料"] == 0
    assert row["环节"] == "复核"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=district.users["street_staff"]).exists()


def test_the_ledger_pdf_embeds_a_chinese_font(district, campaign, login):
    response = login(district.users["district_admin"]).get(_url(campaign, district.street, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "东城街道党工委 台账" in text and district.community.name in text and "复核总分" in text
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    described = [d.get_object() for font in fonts for d in [font, *font.get("/DescendantFonts", [])]]
    assert any("/FontFile2" in d["/FontDescriptor"].get_object() for d in described if "/FontDescriptor" in d)


def test_another_street_ledger_is_not_found_and_an_unknown_format_neither(district, campaign, login):
    client = login(district.users["outsider"])
    assert client.get(_url(campaign, district.street, "xlsx")).status_code == 404
    assert login(district.users["street_staff"]).get(_url(campaign, district.street, "csv")).status_code == 404
    assert login(district.users["district_approver"]).get(_url(campaign, district.street, "xlsx")).status_code == 403


def test_the_ledger_reads_a_fixed_number_of_queries(district, campaign, login, django_assert_max_num_queries):
    client = login(district.users["street_staff"])
    with django_assert_max_num_queries(18):
        assert client.get(_url(campaign, district.street, "xlsx")).status_code == 200
