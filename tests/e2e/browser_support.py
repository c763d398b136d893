"""Shared steps of the browser tests."""

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
