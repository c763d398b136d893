"""Follow-ups open when the pioneer index grades become final: 优秀 commended, 基本合格 paired help, 不合格 disposal."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluations.models import FollowUp, FollowUpKind, FollowUpStatus
from evaluations.selectors.followups import honours_priority
from evaluations.services.followups import DISPOSAL_DAYS, follow_ups_open
from orgs.models import AuditEvent
from tests.support.followups import follow_up_of, graded_campaign


def test_each_final_grade_opens_its_follow_up_and_a_qualified_member_none(district):
    graded_campaign(district)
    kinds = dict(FollowUp.objects.values_list("member__name", "kind"))
    assert kinds == {
        "张三": FollowUpKind.COMMENDATION,
        "王五": FollowUpKind.COMMENDATION,
        "钱七": FollowUpKind.PAIRED_HELP,
        "孙八": FollowUpKind.DISPOSAL,
    }
    disposal = follow_up_of("孙八")
    assert (disposal.step, disposal.deadline) == ("talk", timezone.localdate() + timedelta(days=DISPOSAL_DAYS))
    assert follow_up_of("钱七").helper is None  # the branch names the helper
    assert AuditEvent.objects.get(action="follow_up_open").detail["opened"] == 4


def test_opening_again_adds_nothing(district):
    campaign = graded_campaign(district)
    assert follow_ups_open(campaign=campaign, by=district.users["street_staff"]) == 0
    assert FollowUp.objects.count() == 4


def test_the_next_rating_ends_the_paired_help_of_the_last(district):
    graded_campaign(district)
    graded_campaign(district, dict.fromkeys(("张三", "王五", "赵六", "钱七", "孙八"), ("qualified", "80")), year=2027)
    earlier = follow_up_of("钱七")
    assert earlier.status == FollowUpStatus.CLOSED and earlier.closed_at is not None
    assert follow_up_of("孙八").status == FollowUpStatus.OPEN  # a disposal runs to its outcome


def test_excellent_members_come_first_for_honours_by_their_final_points(district):
    graded_campaign(district)
    assert [row.member.name for row in honours_priority(district.users["district_admin"])] == ["张三", "王五"]
    assert list(honours_priority(district.users["outsider"])) == []


def test_a_member_of_another_street_opens_nothing_here(district):
    graded_campaign(district)
    assert not FollowUp.objects.filter(branch=district.other_branch).exists()


@pytest.mark.parametrize("role", ["org_admin", "member"])
def test_only_who_runs_the_publicity_opens_follow_ups(district, role):
    from django.core.exceptions import PermissionDenied

    campaign = graded_campaign(district)
    with pytest.raises(PermissionDenied):
        follow_ups_open(campaign=campaign, by=district.users[role])
