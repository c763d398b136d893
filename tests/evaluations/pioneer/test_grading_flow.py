"""Seed 004's steps for one branch: self-evaluation → democratic vote → branch review → publicity → final grade."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from evaluations.models import Evaluation, PioneerResult
from evaluations.services.pioneer.branch import pioneer_branch_advance
from evaluations.services.pioneer.grades import pioneer_grades_finalize
from evaluations.services.pioneer.sheets import pioneer_review_save, pioneer_self_evaluation_save
from evaluations.services.publicity import publicity_close
from tests.factories import MemberFactory
from tests.support.pioneer import full_review, open_pioneer_campaign, seed_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch_campaign(district):
    """The branch of 张三 with four more members, all at the self-evaluation stage."""
    for name in ("王五", "赵六", "钱七", "孙八"):
        MemberFactory(branch=district.branch, name=name)
    campaign = open_pioneer_campaign(district)
    evaluations = {e.member.name: e for e in Evaluation.objects.filter(campaign=campaign).select_related("member")}
    return campaign, evaluations


def test_the_member_self_evaluates_once_and_nobody_else_can(district, branch_campaign):
    _campaign, evaluations = branch_campaign
    mine = evaluations["张三"]
    points = full_review(mine, 92)
    with pytest.raises(ValidationError) as bad:
        pioneer_self_evaluation_save(
            evaluation=mine, points={**points, "P1": "11"}, statement="", submit=True, by=district.users["member"]
        )
    assert "学习教育" in bad.value.message_dict["P1"][0]
    sheet = pioneer_self_evaluation_save(
        evaluation=mine, points=points, statement="积极参加组织生活。", submit=True, by=district.users["member"]
    )
    assert sheet.submitted_at is not None and sheet.points["P1"] == "10"
    with pytest.raises(ValidationError):
        pioneer_self_evaluation_save(
            evaluation=mine, points=points, statement="", submit=True, by=district.users["member"]
        )
    with pytest.raises(Http404):
        pioneer_self_evaluation_save(
            evaluation=evaluations["王五"], points=points, statement="", submit=False, by=district.users["member"]
        )


def test_the_branch_reviews_grades_and_after_publicity_the_grades_are_final(district, branch_campaign):
    campaign, evaluations = branch_campaign
    secretary, street = district.users["org_admin"], district.users["street_staff"]
    pioneer_branch_advance(campaign=campaign, branch=district.branch, by=secretary)  # self-evaluation → vote
    votes = {
        "张三": {"excellent": 5},
        "王五": {"qualified": 5},
        "赵六": {"excellent": 5},
        "钱七": {"basically_qualified": 5},
        "孙八": {"excellent": 5},
    }
    seed_vote(campaign, district.branch, {evaluations[name].pk: counts for name, counts in votes.items()}, voters=5)
    pioneer_branch_advance(campaign=campaign, branch=district.branch, by=secretary)  # vote → review
    reviews = {"张三": 100, "王五": 85, "赵六": 96, "钱七": 70, "孙八": 95}
    with pytest.raises(ValidationError) as departing:
        pioneer_review_save(
            evaluation=evaluations["钱七"],
            points=full_review(evaluations["钱七"], 90),
            deductions={},
            reason="",
            vote_counts=votes["钱七"],
            submit=True,
            by=secretary,
        )
    assert "10" in departing.value.message_dict["reason"][0]
    for name, total in reviews.items():
        pioneer_review_save(
            evaluation=evaluations[name],
            points=full_review(evaluations[name], total),
            deductions={"R3": "-2"} if name == "孙八" else {},
            reason="",
            vote_counts=votes[name],
            submit=True,
            by=secretary,
        )
    moved = pioneer_branch_advance(campaign=campaign, branch=district.branch, by=secretary)  # review → publicity
    assert len(moved.moved) == 5
    grades = {r.evaluation.member.name: r for r in PioneerResult.objects.select_related("evaluation__member")}
    # 5 members: one excellent place (25%, rounded down, at least one): 张三 (100) keeps it, 赵六 (97.2) is lowered.
    assert {name: r.grade for name, r in grades.items()} == {
        "张三": "excellent",
        "王五": "qualified",
        "赵六": "qualified",
        "钱七": "basically_qualified",
        "孙八": "qualified",
    }
    assert grades["赵六"].decided_by == "excellent_share"
    assert grades["孙八"].decided_by == "cap" and grades["孙八"].explanation["cap_area"] == "R3"
    assert grades["张三"].final_points == Decimal("100.00")
    assert grades["钱七"].explanation["vote_score"] == "60.00"
    with pytest.raises(ValidationError):
        pioneer_grades_finalize(campaign=campaign, by=street)  # still in publicity
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        publicity_close(campaign=campaign, street=district.street, by=street)
        assert pioneer_grades_finalize(campaign=campaign, by=street) == 5
    assert PioneerResult.objects.filter(finalized_at__isnull=False).count() == 5
