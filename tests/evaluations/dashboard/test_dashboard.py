"""The home page is each role's dashboard: what waits for the user with its deadline, a member's open surveys, and
for street and district roles each open campaign's progress per street."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from evaluations.models import DepartmentOpinion, RecommendedList
from tests.support.evaluations import at_stage, evaluation_of
from tests.support.votes import open_survey

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 4, 10, 9, 0, tzinfo=SHANGHAI)
PROGRESS_COLUMNS = ["organizations", "self_assessed", "reviewed", "in_publicity", "consulted", "approved"]


def _home(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section class="card[^"]*" id="{section_id}">(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


def _progress(html: str, campaign) -> dict[str, list[str]]:
    """The progress table of a campaign: each row's heading and its six counts as the page shows them."""
    rows = {}
    for name, cells in re.findall(
        r'<th scope="row">(.*?)</th>(.*?)<td class="bar-cell">', _section(html, f"progress-{campaign.pk}"), re.S
    ):
        rows[name] = re.findall(r'<td class="num">(.*?)</td>', cells)
    return rows


def _approve(evaluation):
    at_stage(evaluation, "approval")
    evaluation.status = "approved"
    evaluation.approved_stars = 4
    evaluation.save(update_fields=["status", "approved_stars"])


def test_the_district_sees_each_streets_progress_as_counts_and_a_bar(district, campaign, login):
    at_stage(evaluation_of(campaign, district.sibling_community), "publicity")
    _approve(evaluation_of(campaign, district.other_community))
    html = _home(login(district.users["district_admin"]))
    assert _progress(html, campaign) == {
        # organizations, self-assessed, reviewed, in publicity, consulted, approved
        "东城街道党工委": ["2", "1", "1", "1", "0", "0"],
        "西城街道党工委": ["1", "1", "1", "0", "1", "1"],
        "全部街道": ["3", "2", "2", "1", "1", "1"],
    }
    section = _section(html, f"progress-{campaign.pk}")
    # The east street's bar: half at self-assessment, half in publicity; the west street's wholly approved.
    assert '<rect class="seg-self_assessment" x="0.0" y="0" width="50.0" height="10"><title>自评: 1</title>' in section
    assert '<rect class="seg-publicity" x="50.0" y="0" width="50.0" height="10"><title>公示: 1</title>' in section
    assert '<rect class="seg-approved" x="0.0" y="0" width="100.0" height="10"><title>已审定: 1</title>' in section
    assert "各街道进度 · " + campaign.name in section


def test_street_staff_see_their_own_street_only(district, campaign, login):
    at_stage(evaluation_of(campaign, district.sibling_community), "review")
    html = _home(login(district.users["street_staff"]))
    assert list(_progress(html, campaign)) == ["东城街道党工委"]
    assert _progress(html, campaign)["东城街道党工委"] == ["2", "1", "0", "0", "0", "0"]


def test_a_community_and_a_member_see_no_street_progress(district, campaign, login):
    for role in ("org_admin", "member"):
        assert f'id="progress-{campaign.pk}"' not in _home(login(district.users[role]))


def test_the_community_sees_its_self_assessment_waiting_with_the_deadline(district, campaign, login):
    stage = campaign.stages.get(kind="self_assessment")
    stage.deadline = datetime(2026, 4, 8, 17, 0, tzinfo=SHANGHAI)
    stage.save(update_fields=["deadline"])
    with time_machine.travel(NOW, tick=False):
        work = _section(_home(login(district.users["org_admin"])), "work")
    assert re.search(r'<tr class="overdue">.*?自评：轮到您办理.*?<td class="num">1</td>.*?已逾期 2 天', work, re.S)
    assert reverse("evaluations:campaign_evaluations", args=[campaign.pk]) in work


def test_a_department_reviewer_sees_the_opinions_it_owes(district, campaign, login):
    reviewer = district.users["department_reviewer"]
    campaign.departments.add(reviewer.department)
    evaluation = at_stage(evaluation_of(campaign, district.community), "consultation")
    at_stage(evaluation_of(campaign, district.sibling_community), "consultation")
    client = login(reviewer)
    assert re.search(r"本部门待提出的联审意见.*?<td class=\"num\">2</td>", _section(_home(client), "work"), re.S)
    DepartmentOpinion.objects.create(evaluation=evaluation, department=reviewer.department, kind="no_objection")
    assert re.search(r"本部门待提出的联审意见.*?<td class=\"num\">1</td>", _section(_home(client), "work"), re.S)


def test_the_approver_sees_the_submitted_list_to_approve(district, campaign, login):
    RecommendedList.objects.create(campaign=campaign, five_star_cap=30, status="submitted", submitted_at=NOW)
    work = _section(_home(login(district.users["district_approver"])), "work")
    assert "待审定的建议名单（第 1 批）" in work
    assert re.search(r"第 1 批）</a></td>\s*<td>[^<]*</td>\s*<td class=\"num\">0</td>", work)  # an empty batch
    assert reverse("evaluations:recommended_list", args=[campaign.pk]) in work


def test_nothing_waiting_says_so(district, login):
    assert "暂无待办事项。" in _section(_home(login(district.users["outsider"])), "work")


def test_a_members_open_survey_is_on_the_home_page_and_the_work_list_until_voted(district, login, client):
    survey = open_survey(district)
    vote = reverse("evaluations:survey_member_vote", args=[survey.pk])
    login(district.users["member"])
    assert vote in _section(_home(client), "work")
    worklist = client.get(reverse("evaluations:worklist")).content.decode()
    assert vote in _section(worklist, "surveys")
    assert re.search(r'id="nav-worklist">我的待办 <strong class="nav-count">1</strong>', worklist)
    assert client.post(vote, {"option": "satisfied"}).status_code == 302
    assert vote not in _home(client)
    assert 'id="surveys"' not in client.get(reverse("evaluations:worklist")).content.decode()


def test_a_member_of_another_street_does_not_see_the_survey(district, login):
    from tests.factories import UserFactory

    survey = open_survey(district)
    other = UserFactory(username="other_member")
    other.member = district.other_member
    other.save(update_fields=["member"])
    assert reverse("evaluations:survey_member_vote", args=[survey.pk]) not in _home(login(other))


def test_surveys_are_reachable_from_the_navigation_and_the_evaluation_page(district, login):
    survey = open_survey(district)
    surveys = f'href="{reverse("evaluations:survey_list")}" id="nav-surveys"'
    assert surveys in _home(login(district.users["member"]))
    assert surveys in _home(login(district.users["street_staff"]))
    assert surveys not in _home(login(district.users["nobody"]))
    page = login(district.users["street_staff"]).get(
        reverse("evaluations:evaluation_detail", args=[survey.evaluation_id])
    )
    assert reverse("evaluations:survey_detail", args=[survey.pk]) in page.content.decode()
    assert reverse("evaluations:survey_new", args=[survey.evaluation_id]) in page.content.decode()
