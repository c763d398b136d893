"""The democratic vote over the API: the member's sheet read and submitted once, the paper results and the
close through the same services, the results per member, and a bad id or body refused in Chinese."""

from evaluations.models import DemocraticBallot, DemocraticVoter
from tests.support.api import api
from tests.support.democratic_votes import open_branch_vote, rated_by_name, sheet_choices


def test_a_member_reads_and_submits_the_sheet_once(district):
    vote = open_branch_vote(district)
    client = api(district.users["member"])
    url = f"/api/v1/democratic-votes/{vote.pk}/sheet/"
    sheet = client.get(url).json()
    assert [row["member"] for row in sheet["members"]] == ["王五", "赵六", "钱七"]
    assert [option["label"] for option in sheet["options"]] == ["优秀", "合格", "基本合格", "不合格"]
    choices = [{"evaluation": pk, "option": option} for pk, option in sheet_choices(vote, district.member).items()]
    missing = client.post(url, {"choices": choices[:2]}, format="json")
    assert missing.status_code == 400 and "钱七" in missing.json()["errors"]["choices"]
    done = client.post(url, {"choices": choices}, format="json")
    assert done.status_code == 200 and done.json()["already_voted"] is True
    again = client.post(url, {"choices": choices}, format="json")
    assert again.status_code == 400 and "只能提交一次" in again.json()["errors"]["choices"]
    assert (DemocraticVoter.objects.count(), DemocraticBallot.objects.count()) == (1, 3)


def test_the_secretary_enters_paper_results_and_reads_the_tally(district):
    vote = open_branch_vote(district)
    rated = rated_by_name(vote)
    client = api(district.users["org_admin"])
    paper = {"paper_voters": 3, "counts": [{"evaluation": rated["王五"].pk, "option": "excellent", "count": 3}]}
    answer = client.post(f"/api/v1/democratic-votes/{vote.pk}/paper/", paper, format="json")
    assert answer.status_code == 200
    body = answer.json()
    assert body["progress"] == {"voted": 3, "online": 0, "paper": 3, "eligible": 4, "required": 3, "quorum_met": True}
    wang = next(row for row in body["results"] if row["member"] == "王五")
    assert wang["counts"][0] == {"option": "excellent", "label": "优秀", "count": 3, "paper": 3, "share": "1.0000"}
    closed = client.post(f"/api/v1/democratic-votes/{vote.pk}/close/")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_a_close_below_quorum_is_a_400_in_chinese(district):
    vote = open_branch_vote(district)
    answer = api(district.users["org_admin"]).post(f"/api/v1/democratic-votes/{vote.pk}/close/")
    assert answer.status_code == 400
    assert answer.json() == {"errors": {"vote": "应投 4 人，已投仅 0 人，未达到法定人数 3 人，不能结束民主测评。"}}


def test_the_other_streets_staff_does_not_find_the_vote(district):
    vote = open_branch_vote(district)
    assert api(district.users["outsider"]).get(f"/api/v1/democratic-votes/{vote.pk}/").status_code == 404
    assert api(district.users["outsider"]).get("/api/v1/democratic-votes/").json()["count"] == 0
