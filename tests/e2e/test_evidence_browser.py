"""In a real Chromium: a community uploads an evidence file for an item and downloads it back."""

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
    upload = {"name": "换届选举记录.pdf", "mimeType": "application/pdf", "buffer": CONTENT}
    page.set_input_files('input[name="file-A1.1"]', files=[upload])
    page.locator('button[form="evidence-form"][value="A1.1"]').click()

    expect(page.locator(".messages")).to_contain_text("A1.1：换届选举记录.pdf 已上传。")
    link = page.locator("#row-A1\\.1 .evidence a", has_text="换届选举记录.pdf")
    expect(link).to_be_visible()
    evidence = Evidence.objects.get()
    assert (evidence.evaluation_id, evidence.item.code, evidence.uploaded_by) == (
        evaluation.pk,
        "A1.1",
        district.users["org_admin"],
    )
    screenshot("evidence-uploaded")

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "换届选举记录.pdf"
    assert Path(download.path()).read_bytes() == CONTENT
