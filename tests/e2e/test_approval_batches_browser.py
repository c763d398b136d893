"""In a real Chromium: the district approves in batches as streets finish. Batch 1 (the one organization ready) is
built, submitted and approved; when the next street finishes, batch 2 would push the campaign's five-star share over
the cap and is refused at submission, naming the cap and the figures; lowered with a note it is approved. The last
organization is withdrawn with a reason and the campaign is complete. Every step asked first, naming how many."""

import pytest
from playwright.sync_api import expect

from evaluations.models import CampaignStatus, EvaluationStatus, RecommendationStatus, RecommendedList
from evaluations.services.quotas import five_star_cap_set
from tests.e2e.browser_support import log_in, sign_in
from tests.factories import build_district
from tests.support.approval import campaign_awaiting_approval, give_result
from tests.support.evaluations import at_stage, evaluation_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def message(page):
    return page.locator(".messages")


def submit_batch(page, number: int) -> None:
    """The district organization department submits the open batch of one organization, asked first."""
    page.get_by_role("button", name="提交区委审定").click()
    assert f"将第 {number} 批（1 个党组织）提交区委审定" in page.dialogs[-1]
    expect(message(page)).to_contain_text("建议名单已提交区委审定。")


def committee_approves(page, live_server, url: str, number: int, screenshot) -> None:
    """The district committee approves the submitted batch of one organization, asked first; the results show."""
    sign_in(page, live_server, "district_approver")
    page.goto(url)
    screenshot(f"batches-{number}-committee")
    page.get_by_role("button", name="审定建议名单（1 个党组织）").click()
    assert f"审定第 {number} 批：1 个党组织" in page.dialogs[-1]
    expect(message(page)).to_contain_text(f"第 {number} 批建议名单已审定")


def test_two_batches_are_approved_one_after_the_other_with_the_cap_checked_over_both(
    own_cache, live_server, page, screenshot
):
    # Set-up no page does: three communities computed; only the first has reached approval. The cap is 50 %:
    # of the campaign's three organizations, one may have five stars.
    district = build_district()
    campaign = campaign_awaiting_approval(district, {"community": ("95", 5)})
    give_result(evaluation_of(campaign, district.sibling_community), total="93", stars=5)
    give_result(evaluation_of(campaign, district.other_community), total="80", stars=4)
    five_star_cap_set(campaign=campaign, cap="50", by=district.users["district_admin"])
    url = f"{live_server.url}/campaigns/{campaign.pk}/recommended/"
    page.set_viewport_size({"width": 1366, "height": 900})

    # Batch 1: the one organization ready now.
    log_in(page, live_server, "district_admin")
    page.goto(url)
    expect(page.locator("#approval-progress")).to_contain_text("共 3 个，1 个处于审定环节，已审定 0 个")
    page.get_by_role("button", name="生成建议名单（第 1 批）").click()
    assert "尚未编入批次的 1 个党组织生成第 1 批" in page.dialogs[-1]
    expect(message(page)).to_contain_text("第 1 批建议名单已生成：共 1 个党组织。")
    expect(page.locator('ul.checks li[data-check="district"]')).to_contain_text("✓")
    submit_batch(page, 1)
    committee_approves(page, live_server, url, 1, screenshot)
    assert page.url == f"{live_server.url}/campaigns/{campaign.pk}/results/"
    assert evaluation_of(campaign, district.sibling_community).status == EvaluationStatus.IN_PROGRESS

    # The next street finishes: its organization reaches approval.
    at_stage(evaluation_of(campaign, district.sibling_community), "approval")

    # Batch 2 alone has one five-star organization, which the cap would allow; with the approved one it is two.
    sign_in(page, live_server, "district_admin")
    page.goto(url)
    expect(page.locator("#approval-progress")).to_contain_text("共 3 个，1 个处于审定环节，已审定 1 个")
    page.get_by_role("button", name="生成建议名单（第 2 批）").click()
    expect(message(page)).to_contain_text("第 2 批建议名单已生成：共 1 个党组织。")
    district_check = page.locator('ul.checks li[data-check="district"]')
    expect(district_check).to_contain_text("✗")
    expect(district_check).to_contain_text("本批 1 个、已审定 1 个（全活动参评 3 个），五星 2 个")
    expect(district_check).to_contain_text("五星占比 66.7%，上限 50%（至多 1 个）")
    expect(page.locator("#batches")).to_contain_text("第 1 批")
    screenshot("batches-2-over-the-cap")
    page.get_by_role("button", name="提交区委审定").click()
    expect(message(page)).to_contain_text("全活动 3 个党组织中将有 2 个五星")
    expect(message(page)).to_contain_text("超过上限 50%（至多 1 个）")
    assert RecommendedList.objects.get(campaign=campaign, number=2).status == RecommendationStatus.DRAFT

    # Lowered to four stars with a note, batch 2 fits beside batch 1 and is submitted and approved.
    row = page.locator("#batch-entries tbody tr", has_text=district.sibling_community.name)
    row.locator('input[name="stars"]').fill("4")
    row.locator('input[name="note"]').fill("五星名额已满，按四星审定")
    row.get_by_role("button", name="保存").click()
    expect(message(page)).to_contain_text("建议星级已保存")
    expect(page.locator('ul.checks li[data-check="district"]')).to_contain_text("✓")
    submit_batch(page, 2)
    committee_approves(page, live_server, url, 2, screenshot)
    expect(page.locator("table.data tbody tr")).to_have_count(2)

    # The last organization will not be rated this year: withdrawn with a reason, the campaign is complete.
    sign_in(page, live_server, "district_admin")
    page.goto(url)
    page.select_option('select[name="evaluation"]', label=f"{district.other_community.name}（自评）")
    page.get_by_role("button", name="撤回（不参与评定）").click()
    assert "撤回所选党组织（1 个党组织）" in page.dialogs[-1]
    expect(message(page)).to_contain_text("请说明撤回（不参与评定）的原因")
    page.locator('input[name="reason"]').last.fill("社区撤并，不参与本年度评定")
    page.get_by_role("button", name="撤回（不参与评定）").click()
    expect(message(page)).to_contain_text("本次评星定级活动已完成")
    expect(page.locator("#approval-progress")).to_contain_text("活动已完成")
    expect(page.locator("#withdrawn")).to_contain_text("社区撤并，不参与本年度评定")
    screenshot("batches-complete")

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    stars = dict(campaign.evaluations.values_list("organization_id", "approved_stars"))
    assert stars == {district.community.pk: 5, district.sibling_community.pk: 4, district.other_community.pk: None}
