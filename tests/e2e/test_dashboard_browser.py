"""In a real Chromium, each role's home page (/) shows its work: the community its self-assessment, the street its
review and its street's progress, the district its consultation and every street's progress, the department the
opinions it owes, the committee the list to approve; a member on a phone sees the open survey and votes from there."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.models import MemberVote, RecommendedList
from tests.e2e.browser_support import log_in
from tests.factories import build_district
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign
from tests.support.votes import open_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def year():
    """One campaign with work for every role: the community at self-assessment, its sibling at the street's review,
    the other street's community at the department opinions, a list submitted to the committee, a survey open."""
    district = build_district()
    campaign = open_community_campaign(district)
    campaign.departments.add(district.users["department_reviewer"].department)
    at_stage(evaluation_of(campaign, district.sibling_community), "review")
    at_stage(evaluation_of(campaign, district.other_community), "consultation")
    RecommendedList.objects.create(campaign=campaign, five_star_cap=30, status="submitted", submitted_at=timezone.now())
    survey = open_survey(district, evaluation_of(campaign, district.community))
    return district, campaign, survey


def _home_of(page, live_server, username: str, viewport: dict):
    page.set_viewport_size(viewport)
    log_in(page, live_server, username)


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# What each role finds waiting on its home page, and whether it sees the streets' progress.
WORK = {
    "org_admin": ("自评：轮到您办理", False),
    "street_staff": ("复核：轮到您办理", True),
    "district_admin": ("部门联审意见：轮到您办理", True),
    "department_reviewer": ("本部门待提出的联审意见", True),
    "district_approver": ("待审定的建议名单", True),
}


@pytest.mark.parametrize("username", list(WORK))
def test_each_roles_home_shows_its_work(page, live_server, screenshot, year, username):
    _district, campaign, _survey = year
    waiting, sees_progress = WORK[username]
    _home_of(page, live_server, username, DESKTOP)
    expect(page.get_by_role("heading", name="我的工作", exact=True)).to_be_visible()
    expect(page.locator("#work")).to_contain_text(waiting)
    expect(page.locator("#work tbody tr").first).to_contain_text(campaign.name)
    progress = page.locator(f"#progress-{campaign.pk}")
    if sees_progress:
        expect(progress).to_contain_text("各街道进度")
        expect(progress.locator("tbody tr").first).to_contain_text("东城街道党工委")
        expect(progress.locator("svg.stage-bar").first).to_be_visible()
    else:
        expect(progress).to_have_count(0)
    _fits(page, DESKTOP["width"])
    screenshot(f"dashboard_{username}")


@pytest.mark.parametrize(
    ("username", "streets"),
    [("district_admin", ["东城街道党工委", "西城街道党工委"]), ("street_staff", ["东城街道党工委"])],
)
def test_the_district_sees_every_street_and_the_street_only_its_own(page, live_server, year, username, streets):
    _district, campaign, _survey = year
    _home_of(page, live_server, username, DESKTOP)
    expect(page.locator(f"#progress-{campaign.pk} tbody th[scope=row]")).to_have_text(streets)


def test_a_member_on_a_phone_finds_the_open_survey_at_home_and_in_the_work_list(page, live_server, screenshot, year):
    district, _campaign, survey = year
    _home_of(page, live_server, "member", PHONE)
    vote = page.locator("#work").get_by_role("link", name=f"为{district.community.name}投票")
    expect(vote).to_be_visible()
    box = vote.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 40
    _fits(page, PHONE["width"])
    screenshot("dashboard_member_phone")

    page.locator("#nav-worklist").click()
    page.wait_for_url(f"{live_server.url}/worklist/")
    in_worklist = page.locator("#surveys").get_by_role("link", name=f"为{district.community.name}投票")
    expect(in_worklist).to_be_visible()
    _fits(page, PHONE["width"])
    screenshot("worklist_member_phone")

    in_worklist.click()
    page.wait_for_url(f"{live_server.url}/surveys/{survey.pk}/vote/")
    _fits(page, PHONE["width"])
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(f"{live_server.url}/v/thanks/")
    assert MemberVote.objects.filter(survey=survey, member=district.member).exists()

    page.goto(f"{live_server.url}/")
    expect(page.locator("#work")).not_to_contain_text("投票")
    expect(page.locator("#work")).to_contain_text("暂无待办事项。")
