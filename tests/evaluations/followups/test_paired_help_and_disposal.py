"""The branch keeps its follow-ups: a paired help's helper, plan and notes; a disposal case's steps and outcome."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations.models import FollowUpNote, FollowUpStatus
from evaluations.services.followups import (
    disposal_close,
    disposal_step_record,
    follow_up_note_add,
    paired_help_set,
)
from orgs.models import AuditEvent, Member
from tests.support.followups import follow_up_of, graded_campaign


@pytest.fixture
def graded(district):
    return graded_campaign(district)


def _member(name: str) -> Member:
    return Member.objects.get(name=name)


def test_the_branch_names_a_helper_of_the_branch_with_a_plan_and_adds_notes(district, graded):
    admin = district.users["org_admin"]
    help_ = paired_help_set(
        follow_up=follow_up_of("钱七"), helper=_member("赵六"), plan="每月谈心一次，带学党章", by=admin
    )
    note = follow_up_note_add(follow_up=help_, text="3月5日谈心，学习党章第一章", by=admin)
    help_.refresh_from_db()
    assert (help_.helper.name, help_.plan) == ("赵六", "每月谈心一次，带学党章")
    assert note.text == "3月5日谈心，学习党章第一章"
    assert AuditEvent.objects.filter(action="follow_up_change", object_id=str(help_.pk)).count() == 2


def test_a_helper_from_another_branch_or_the_member_themself_is_refused_by_name(district, graded):
    admin = district.users["org_admin"]
    with pytest.raises(ValidationError) as other_branch:
        paired_help_set(follow_up=follow_up_of("钱七"), helper=_member("李四"), plan="计划", by=admin)
    assert other_branch.value.message_dict["helper"] == ["李四不是东城第一社区第一网格党支部的在册党员。"]
    with pytest.raises(ValidationError) as themself:
        paired_help_set(follow_up=follow_up_of("钱七"), helper=_member("钱七"), plan="", by=admin)
    assert themself.value.message_dict["helper"] == ["钱七不能与自己结对，请选择其他党员。"]
    assert "plan" in themself.value.message_dict
    assert follow_up_of("钱七").helper is None


def test_a_note_needs_the_helper_named_first(district, graded):
    with pytest.raises(ValidationError):
        follow_up_note_add(follow_up=follow_up_of("钱七"), text="谈心", by=district.users["org_admin"])
    assert not FollowUpNote.objects.exists()


def test_another_street_cannot_keep_this_branchs_follow_up(district, graded):
    with pytest.raises(PermissionDenied):
        paired_help_set(
            follow_up=follow_up_of("钱七"), helper=_member("赵六"), plan="计划", by=district.users["outsider"]
        )


def test_a_disposal_goes_step_by_step_to_its_outcome(district, graded):
    admin = district.users["org_admin"]
    case = follow_up_of("孙八")
    disposal_step_record(follow_up=case, step="talk", text="支部书记谈话，了解情况", deadline=None, by=admin)
    with pytest.raises(ValidationError) as early:
        disposal_close(follow_up=case, outcome="correction", text="限期改正", by=admin)
    assert "上级党组织尚未审批" in early.value.messages[0]
    disposal_step_record(
        follow_up=case, step="meeting", text="支部党员大会决定限期改正", deadline=date(2026, 9, 30), by=admin
    )
    with pytest.raises(ValidationError) as backwards:
        disposal_step_record(follow_up=case, step="talk", text="再谈", deadline=None, by=admin)
    assert "已过的步骤" in backwards.value.message_dict["step"][0]
    disposal_step_record(follow_up=case, step="approval", text="社区党委批复同意", deadline=None, by=admin)
    closed = disposal_close(follow_up=case, outcome="correction", text="限期改正，已书面告知本人", by=admin)
    assert (closed.status, closed.outcome, closed.step, closed.deadline) == (
        FollowUpStatus.CLOSED,
        "correction",
        "notice",
        date(2026, 9, 30),
    )
    assert list(closed.notes.values_list("step", flat=True)) == ["talk", "meeting", "approval", "notice"]
    with pytest.raises(ValidationError) as after:
        disposal_step_record(follow_up=closed, step="notice", text="补记", deadline=None, by=admin)
    assert "已结案" in after.value.messages[0]


def test_a_commendation_has_no_steps(district, graded):
    with pytest.raises(ValidationError):
        disposal_step_record(
            follow_up=follow_up_of("张三"), step="talk", text="谈话", deadline=None, by=district.users["org_admin"]
        )
