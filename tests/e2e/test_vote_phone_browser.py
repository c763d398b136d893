"""In a real Chromium on a phone-sized screen: a resident votes with the link of a QR code and cannot vote with it
again; a logged-in member votes once and is told so the second time. The vote pages work without script."""

import pytest
from playwright.sync_api import expect

from evaluations.models import Ballot, MemberVote, VoteCode
from tests.e2e.browser_support import log_in
from tests.factories import build_district
from tests.support.votes import issue_codes, open_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def page(browser):
    """A phone: narrow screen, touch, Chinese, and no JavaScript (the vote pages must not need it)."""
    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()


def _fits_the_screen(page, selector: str) -> None:
    """Every element matched is inside the phone's width and tall enough to be tapped."""
    for box in (element.bounding_box() for element in page.locator(selector).all()):
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 40


def test_a_resident_votes_with_a_qr_link_and_cannot_vote_again(live_server, page, screenshot):
    district = build_district()
    survey = open_survey(district)
    (code,) = issue_codes(district, survey, days=3)

    page.goto(f"{live_server.url}/v/{code}/")
    # The link is traded for a session: the address bar no longer holds the code.
    assert page.url == f"{live_server.url}/v/"
    assert code not in page.content()
    expect(page.get_by_role("heading", name="满意度测评")).to_be_visible()
    expect(page.get_by_text(district.community.name)).to_be_visible()
    expect(page.get_by_text("您对该党组织的工作是否满意？")).to_be_visible()
    _fits_the_screen(page, "label.choice")
    _fits_the_screen(page, "button.submit")
    screenshot("vote_phone_resident_ballot")

    page.get_by_label("较满意", exact=True).check()
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(f"{live_server.url}/v/thanks/")
    expect(page.get_by_role("heading", name="感谢您的参与")).to_be_visible()
    expect(page.get_by_text("您的投票已记录，可以关闭本页面。")).to_be_visible()
    screenshot("vote_phone_resident_thanks")
    assert list(Ballot.objects.filter(survey=survey).values_list("option", flat=True)) == ["fairly_satisfied"]
    assert VoteCode.objects.get(survey=survey).used

    # The same QR code again: refused with a clear message, and no form to vote with.
    response = page.goto(f"{live_server.url}/v/{code}/")
    assert response.status == 410
    expect(page.get_by_role("alert")).to_have_text("该测评码已经使用过，每个测评码只能投票一次。")
    expect(page.get_by_role("radio")).to_have_count(0)
    screenshot("vote_phone_resident_code_used")
    assert Ballot.objects.filter(survey=survey).count() == 1


def test_a_member_votes_once_and_sees_it_the_second_time(live_server, page, screenshot):
    district = build_district()
    survey = open_survey(district)

    log_in(page, live_server, "member")
    page.goto(f"{live_server.url}/surveys/")
    page.locator(f'a[href="/surveys/{survey.pk}/vote/"]').click()
    page.wait_for_url(f"{live_server.url}/surveys/{survey.pk}/vote/")
    _fits_the_screen(page, "label.choice")
    screenshot("vote_phone_member_ballot")

    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(f"{live_server.url}/v/thanks/")
    expect(page.get_by_role("heading", name="感谢您的参与")).to_be_visible()
    assert MemberVote.objects.get(survey=survey).member == district.member
    assert list(Ballot.objects.filter(survey=survey).values_list("option", flat=True)) == ["satisfied"]

    # The second time the member is told they have voted, and there is nothing to submit.
    page.goto(f"{live_server.url}/surveys/{survey.pk}/vote/")
    expect(page.get_by_text("您已参加过本次测评，每名党员只能投票一次。")).to_be_visible()
    expect(page.get_by_role("radio")).to_have_count(0)
    expect(page.get_by_role("button", name="提交")).to_have_count(0)
    screenshot("vote_phone_member_already_voted")
    page.goto(f"{live_server.url}/surveys/")
    expect(page.locator(f'a[href="/surveys/{survey.pk}/vote/"]')).to_have_count(0)
    assert Ballot.objects.filter(survey=survey).count() == MemberVote.objects.filter(survey=survey).count() == 1
