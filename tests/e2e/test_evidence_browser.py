"""In a real Chromium: a community uploads an evidence file for an item without leaving the sheet (what it typed
and has not saved stays), and downloads it back."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from evaluations.models import Evidence
from tests.e2e.browser_support import log_in
from tests.factories import build_district
from tests.support.evaluations import evaluation_of, open_community_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = b"%PDF-1.4\n% minutes of the committee election\n%%EOF\n"


def test_a_community_uploads_evidence_and_downloads_it_back(live_server, page, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    district = build_district()
    evaluation = evaluation_of(open_community_campaign(district), district.community)

    log_in(page, live_server, "org_admin")
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/")
    page.get_by_role("link", name="填写自评").click()
    page.wait_for_url("**/scores/?stage=self_assessment")
    page.fill("#points-A1\\.2", "1.5")
    page.fill('input[name="note-A1.2"]', "尚未保存的说明")
    upload = {"name": "换届选举记录.pdf", "mimeType": "application/pdf", "buffer": CONTENT}
    page.set_input_files('input[name="file-A1.1"]', files=[upload])  # choosing the file uploads it

    expect(page.locator("#evidence-status-A1\\.1")).to_have_text("A1.1：换届选举记录.pdf 已上传。")
    expect(page.locator("#points-A1\\.2")).to_have_value("1.5")
    expect(page.locator('input[name="note-A1.2"]')).to_have_value("尚未保存的说明")
    expect(page.locator("#dirty-state")).to_contain_text("未保存")
    link = page.locator("#row-A1\\.1 .evidence a", has_text="换届选举记录.pdf")
    expect(link).to_be_visible()
    evidence = Evidence.objects.get()
    assert (evidence.evaluation_id, evidence.item.code, evidence.uploaded_by) == (
        evaluation.pk,
        "A1.1",
        district.users["org_admin"],
    )
    screenshot("evidence-uploaded")

    # A file of the wrong type is refused beside its item; nothing else on the sheet changes.
    page.set_input_files('input[name="file-A1.2"]', files=[{"name": "脚本.exe", "mimeType": "x", "buffer": b"MZ"}])
    expect(page.locator("#evidence-status-A1\\.2")).to_contain_text("A1.2 小区（网格）党支部覆盖：脚本.exe 不是")
    assert Evidence.objects.count() == 1
    expect(page.locator("#points-A1\\.2")).to_have_value("1.5")

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "换届选举记录.pdf"
    assert Path(download.path()).read_bytes() == CONTENT
