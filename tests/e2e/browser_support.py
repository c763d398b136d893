"""Shared steps of the browser tests."""

from playwright.sync_api import expect

from tests.factories import PASSWORD


def log_in(page, live_server, username: str) -> None:
    """Log in through the real form and wait for the home page."""
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.url.endswith("/accounts/login/"), f"the login page sent {username} on to {page.url}: still logged in"
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button.primary")
    page.wait_for_url(f"{live_server.url}/")


def sign_in(page, live_server, username: str) -> None:
    """Whoever used the browser before leaves; ``username`` logs in through the form.

    The page left behind may still be loading a part (the evaluation page fetches its history after load);
    that response would set the old session cookie again after the cookies are cleared, so wait for it.
    """
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    log_in(page, live_server, username)


def demo_log_in(browser, live_server, username: str, width: int):
    """A new browser window of ``width`` px in which a demo login (seed_demo's password) logs in; returns the
    context (to close) and the page on the home page."""
    from orgs.management.commands.seed_demo import DEFAULT_DEMO_PASSWORD

    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEFAULT_DEMO_PASSWORD)
    page.click("form button.primary")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


# A one-pixel PNG: the photo a community attaches as evidence.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00"
    b"\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def case_progress_report(page, *, note: str, tasks: list[str], photo: str = "会议照片.png") -> None:
    """On a rectification case's page, the organization reports its progress, ticks the tasks off and attaches a
    photo as evidence."""
    page.get_by_label("整改进展").fill(note)
    for task in tasks:
        page.get_by_label(task).check()
    page.locator("#form-progress input[type=file]").set_input_files(
        {"name": photo, "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="提交进展").click()
    expect(page.locator(".messages")).to_contain_text("整改进展已填报")
    expect(page.locator("ol.case-history")).to_contain_text(photo)


def case_close_out(page, *, note: str) -> None:
    """On a submitted case's page, the level above closes it out (销号) with its check opinion."""
    page.get_by_label("核查意见（选填）").fill(note)
    page.get_by_role("button", name="核查通过，予以销号").click()
    expect(page.locator(".messages")).to_contain_text("整改事项已销号")
    expect(page.locator(".case-status")).to_contain_text("已销号")


def what_if_threshold_draft(page, live_server, *, campaign, threshold: str, current: str = "18") -> None:
    """From the campaigns page, the district drafts the campaign's template with a new star threshold and chooses the
    campaign to try it on (the run is the caller's)."""
    page.goto(f"{live_server.url}/campaigns/")
    page.get_by_role("link", name="政策试算：试改指标体系").click()
    page.locator("tr", has_text=campaign.template.name).get_by_role("link", name="试改").click()
    expect(page.get_by_label("维度亮星所需分数")).to_have_value(current)
    page.get_by_label("维度亮星所需分数").fill(threshold)
    page.get_by_label("用于试算的评星定级活动").select_option(label=str(campaign))
