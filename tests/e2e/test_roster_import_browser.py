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


def test_a_large_roster_is_checked_in_the_background_and_the_page_turns_to_the_preview(
    live_server, page, screenshot, settings, tmp_path, monkeypatch
):
    from orgs import tasks
    from orgs.models import ImportJob
    from orgs.services.rosters import roster_job_check

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROSTER_ASYNC_ROWS = 2
    queued = []
    monkeypatch.setattr(tasks.roster_preview_run, "delay", queued.append)  # the worker is this test
    build_district()
    rows = [
        [f"党员{n}", make_id_card(90 + n, date(1982, 6, 1 + n)), "2001-07-01", "正式党员", "B010101"] for n in range(3)
    ]
    roster = write_table(tmp_path / "党员名册.xlsx", HEADERS[:5], rows)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "district_admin")
    page.goto(f"{live_server.url}/rosters/import/")
    page.select_option("select[name=kind]", "members")
    page.set_input_files("input[name=file]", str(roster))
    page.click("form button.primary")
    page.wait_for_url("**/rosters/import/*/")

    assert "文件正在后台检查，本页显示进度；检查无误后即可确认。" in page.locator("main").inner_text()
    assert "正在检查文件" in page.locator("#import-progress").inner_text()
    assert page.locator("button.primary").count() == 0
    screenshot("roster-import-checking")

    roster_job_check(job_id=queued[0])

    page.wait_for_selector("button.primary", timeout=10_000)  # the progress poll turns the page by itself
    assert ImportJob.objects.get().status == "pending"
    assert page.locator("button.primary").inner_text() == "确认导入"
    screenshot("roster-import-checked")
