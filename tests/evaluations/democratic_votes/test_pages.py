"""The democratic vote's pages: the secretary opens the vote from a member's evaluation, enters paper results and
is refused the close below the quorum; a member's sheet keeps what was chosen when it is refused."""

from django.urls import reverse

from evaluations.models import DemocraticPaperCount, DemocraticVote, DemocraticVoter
from evaluations.selectors.democratic_votes import vote_tallies
from tests.support.democratic_votes import branch_members, open_branch_vote, open_member_campaign, rated_by_name


def test_the_secretary_opens_the_vote_from_a_members_evaluation(district, login):
    branch_members(district)
    campaign = open_member_campaign(district)
    evaluation = campaign.evaluations.get(member__name="王五")
    client = login(district.users["org_admin"])
    url = reverse("evaluations:democratic_vote_start", kwargs={"pk": evaluation.pk})
    page = client.get(url).content.decode()
    assert "应投人数：4 人" in page and "开启民主测评" in page
    response = client.post(url)
    vote = DemocraticVote.objects.get(campaign=campaign, branch=district.branch)
    assert response.status_code == 302 and response["Location"].endswith(f"/democratic-votes/{vote.pk}/")
    assert (vote.eligible_voters, vote.quorum, vote.option_codes[0]) == (4, "2/3", "excellent")
    detail = client.get(response["Location"]).content.decode()
    assert "已投 <strong>0</strong> / 应投 4" in detail and "法定人数 3" in detail


def test_the_evaluation_page_of_a_member_links_to_the_vote(district, login):
    vote = open_branch_vote(district)
    evaluation = rated_by_name(vote)["赵六"]
    page = login(district.users["org_admin"]).get(reverse("evaluations:evaluation_detail", args=[evaluation.pk]))
    assert reverse("evaluations:democratic_vote_start", args=[evaluation.pk]) in page.content.decode()


def test_paper_results_entered_on_the_page_and_refused_ones_named(district, login):
    vote = open_branch_vote(district)
    rated = rated_by_name(vote)
    client = login(district.users["org_admin"])
    url = reverse("evaluations:democratic_paper", kwargs={"pk": vote.pk})
    refused = client.post(url, {"paper_voters": "1", f"count_{rated['赵六'].pk}_excellent": "2"})
    assert refused.status_code == 400
    assert "赵六：纸质票合计 2 票，多于纸质投票人数 1 人。" in refused.content.decode()
    malformed = client.post(url, {"paper_voters": "1", f"count_{rated['钱七'].pk}_qualified": "两"})
    assert "钱七 · 合格：请输入整数票数。" in malformed.content.decode()
    assert DemocraticPaperCount.objects.count() == 0
    saved = client.post(url, {"paper_voters": "3", f"count_{rated['赵六'].pk}_excellent": "2"})
    assert saved.status_code == 302
    assert vote_tallies([rated["赵六"].pk])[rated["赵六"].pk].counts["excellent"] == 2
    page = client.get(reverse("evaluations:democratic_vote_detail", kwargs={"pk": vote.pk})).content.decode()
    assert "已投 <strong>3</strong> / 应投 4" in page and "已达到法定人数" in page


def test_a_refused_sheet_keeps_the_choices_and_a_complete_one_is_counted(district, login):
    vote = open_branch_vote(district)
    rated = rated_by_name(vote)
    client = login(district.users["member"])
    url = reverse("evaluations:democratic_sheet", kwargs={"pk": vote.pk})
    partial = {f"choice_{rated['王五'].pk}": "excellent"}
    refused = client.post(url, partial)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "赵六、钱七 还未选择" in body and 'value="excellent" id' in body and "checked" in body
    complete = {**partial, f"choice_{rated['赵六'].pk}": "qualified", f"choice_{rated['钱七'].pk}": "unqualified"}
    assert client.post(url, complete).status_code == 302
    assert DemocraticVoter.objects.filter(vote=vote, member=district.member).exists()
    again = client.get(url).content.decode()
    assert "您已提交测评表" in again and 'type="radio"' not in again


def test_the_members_home_page_links_to_the_sheet_until_it_is_submitted(district, login):
    vote = open_branch_vote(district)
    client = login(district.users["member"])
    sheet = reverse("evaluations:democratic_sheet", kwargs={"pk": vote.pk})
    assert sheet in client.get("/").content.decode()
    assert sheet in client.get(reverse("evaluations:worklist")).content.decode()
    DemocraticVoter.objects.create(vote=vote, member=district.member, voted_on="2026-12-01")
    assert sheet not in client.get("/").content.decode()


def test_the_votes_are_reachable_from_the_navigation(district, login):
    link = f'href="{reverse("evaluations:democratic_vote_list")}" id="nav-democratic-votes">民主测评</a>'
    assert link in login(district.users["member"]).get(reverse("home")).content.decode()
    assert link in login(district.users["street_staff"]).get(reverse("home")).content.decode()
    assert link not in login(district.users["nobody"]).get(reverse("home")).content.decode()
