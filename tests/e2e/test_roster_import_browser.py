"""In a real Chromium: a template downloads, and a roster with problems of several kinds is previewed with counts."""

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from orgs.models import Member
from starrating.exports import write_table
from tests.e2e.browser_support import log_in
from tests.factories import build_district, make_id_card

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = ["姓名", "公民身份号码", "入党时间", "人员类别", "所在党支部", "联系电话", "手机号"]


def test_a_roster_with_problems_is_previewed_with_every_problem_counted(
    live_server, page, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_district()
    wang, zhao = make_id_card(81, date(1980, 5, 17)), make_id_card(82, date(1990, 3, 4))
    rows = [
        ["王五", wang, "2001-07-01", "正式党员", "B010101", "12345", ""],
        ["赵六", zhao, "2005-07-01", "预备党员", "B999", "", ""],
        ["王五", wang, "2001-07-01", "正式党员", "B010101", "", ""],
    ]
    roster = write_table(tmp_path / "党员名册.xlsx", HEADERS, rows)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "district_admin")
    page.goto(f"{live_server.url}/rosters/import/")

    with page.expect_download() as download:
        page.click("a[href='/rosters/template/members/']")
    template = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert download.value.suggested_filename == "党员名册模板.xlsx"
    assert template.worksheets[0]["A1"].value == "姓名"

    page.select_option("select[name=kind]", "members")
    page.set_input_files("input[name=file]", str(roster))
    page.click("form button.primary")
    page.wait_for_url("**/rosters/import/*/")
    text = page.locator("main").inner_text()
    assert "发现 5 处问题，未写入任何数据。" in text
    counts = page.locator("ul.problem-counts li").all_inner_texts()
    assert counts == ["表头：1 处", "单元格内容：2 处", "文件内重复：1 处", "未知党组织：1 处"]
    assert page.locator(".errors table tbody tr").count() == 5
    assert "确认导入" not in text
    screenshot("roster-import-problems")
    assert not Member.objects.filter(name__in=["王五", "赵六"]).exists()
