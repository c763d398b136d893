"""The ledger item by item: each organization's scored items with the self-assessed and reviewed points and how the
street checked them, how many organizations the street has reviewed (also those gone on since), and a signature
block, in the workbook and in the printed PDF, where a long organization code is never broken over two lines."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluations.services.review import street_review_rows
from orgs.models import Organization
from tests.evaluations.review.test_ledger_exports import campaign  # noqa: F401  (the fixture)
from tests.support.evaluations import at_stage, evaluation_of

pytestmark = pytest.mark.django_db

LONG_CODE = "431102001001001002"


def _get(client, campaign, street, fmt):  # noqa: F811
    url = reverse("evaluations:street_ledger", kwargs={"pk": campaign.pk, "street_pk": street.pk, "fmt": fmt})
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def _values(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_workbook_lists_each_organization_item_by_item_with_points_and_checks(district, campaign, login):  # noqa: F811
    workbook = load_workbook(io.BytesIO(_get(login(district.users["street_staff"]), campaign, district.street, "xlsx")))
    assert workbook.sheetnames == ["台账", "逐项得分"]
    rows = _values(workbook["逐项得分"])
    header = rows[1]
    assert header == ["组织编码", "党组织", "维度", "项目编码", "评分项目", "满分", "自评得分", "复核得分", "核查方式"]
    items = {(row[0], row[3]): dict(zip(header, row, strict=True)) for row in rows[2:]}
    first = items[district.community.code, "A1.1"]
    assert (first["满分"], first["自评得分"], first["复核得分"]) == (2, 1, 0)
    assert first["核查方式"] == "实地查看、个别访谈"
    assert items[district.community.code, "A1.2"]["核查方式"] == "实地查看"
    # Every scored item of both organizations, the one not yet reviewed with empty points.
    codes = {code for organization, code in items if organization == district.community.code}
    assert (
        len(codes) > 30
        and {code for organization, code in items if organization == district.sibling_community.code} == codes
    )
    untouched = items[district.sibling_community.code, "A1.1"]
    assert untouched["自评得分"] is None and untouched["复核得分"] is None and not untouched["核查方式"]


def test_the_reviewed_count_and_the_signature_block_close_the_summary_sheet(district, campaign, login):  # noqa: F811
    at_stage(evaluation_of(campaign, district.community), "publicity")  # reviewed, and gone on since
    workbook = load_workbook(io.BytesIO(_get(login(district.users["street_staff"]), campaign, district.street, "xlsx")))
    rows = _values(workbook["台账"])
    blank = rows.index([None] * len(rows[1]))
    assert len(rows[2:blank]) == 2  # the two organizations of the street, then an empty row
    under = ["".join(str(cell) for cell in row if cell) for row in rows[blank + 1 :]]
    assert under[0] == "本台账共 2 个党组织，街道已复核 1 个。"
    assert "填表人（签字）：" in under[1] and "复核人（签字）：" in under[1] and "街道党工委（盖章）：" in under[1]
    assert under[2].startswith("日期：")


def test_the_printed_ledger_has_the_items_the_count_and_the_signatures_and_keeps_codes_whole(
    district,
    campaign,  # noqa: F811
    login,
):
    Organization.objects.filter(pk=district.community.pk).update(code=LONG_CODE)
    reader = PdfReader(io.BytesIO(_get(login(district.users["district_admin"]), campaign, district.street, "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    lines = [line.strip() for line in text.splitlines()]
    assert any(line.startswith(LONG_CODE) for line in lines)  # the code whole on one line, never cut
    assert not any(LONG_CODE[:8] in line and LONG_CODE not in line for line in lines)
    assert any(line.startswith(LONG_CODE) and line.endswith(district.community.name) for line in lines)  # its items
    assert "自评得分" in text and "复核得分" in text and "实地查看、个别访谈" in text
    assert "本台账共 2 个党组织，街道已复核 1 个。" in text
    assert "填表人（签字）：" in text and "街道党工委（盖章）：" in text


def test_the_streets_page_counts_as_reviewed_also_the_organizations_gone_on_since(district, campaign):  # noqa: F811
    at_stage(evaluation_of(campaign, district.community), "publicity")
    (row,) = street_review_rows(campaign=campaign, streets=[district.street])
    assert (row.evaluations, row.at_review, row.reviewed) == (2, 0, 1)
