"""The transition rules over every stage × action × role of the Yucheng procedure, without a database."""

import itertools

import pytest

from evaluations.rules.workflow import PROCEDURES, Action, Facts, StageKind, decide

YUCHENG = PROCEDURES["yucheng"]
ROLES = ("member", "org_admin", "street_staff", "department_reviewer", "district_admin", "district_approver")
# Who acts at each Yucheng stage, written out from seed 000 rather than read from the procedure.
ACTOR = ["org_admin", "street_staff", "street_staff", "district_admin", "district_approver"]
RANK = {"member": 0, "org_admin": 1, "street_staff": 2, "department_reviewer": 2, "district_admin": 3}
RANK["district_approver"] = 3
# Facts under which every gate is open: publicity long enough, nothing unanswered, deadline passed.
OPEN_GATES = Facts(days_in_stage=3, open_objections=0, opinions_missing=0, deadline_passed=True)


def _expected(current: int, action: str, role: str, approved: bool) -> tuple[bool, int | None]:
    if approved:
        return (action == Action.REVISE and role == "district_admin", current)
    if action == Action.SUBMIT:
        return (role == ACTOR[current], min(current + 1, len(ACTOR) - 1))
    if action == Action.RETURN:
        return (role == ACTOR[current] and current > 0, current - 1)
    if action == Action.REOPEN:
        ok = current > 0 and RANK[role] > RANK[ACTOR[current - 1]] and RANK[role] >= RANK[ACTOR[current]]
        return (ok, current - 1)
    return (False, None)


@pytest.mark.parametrize(
    ("current", "action", "role", "approved"),
    list(itertools.product(range(len(YUCHENG)), list(Action), ROLES, (False, True))),
)
def test_every_stage_action_and_role(current, action, role, approved):
    decision = decide(
        stages=YUCHENG,
        current=current,
        approved=approved,
        action=action,
        roles=frozenset({role}),
        reason="核实有误",
        facts=OPEN_GATES,
    )
    allowed, target = _expected(current, action, role, approved)
    assert decision.allowed is allowed, decision.refusal
    if allowed:
        assert decision.target == target
        assert decision.approves is (action == Action.SUBMIT and current == len(YUCHENG) - 1)
        assert decision.unfreezes is (action == Action.REVISE)
    else:
        assert decision.refusal


def test_the_yucheng_procedure_is_the_seed_order():
    assert [stage.kind for stage in YUCHENG] == [
        StageKind.SELF_ASSESSMENT,
        StageKind.REVIEW,
        StageKind.PUBLICITY,
        StageKind.CONSULTATION,
        StageKind.APPROVAL,
    ]
    assert YUCHENG[2].min_days == 3


@pytest.mark.parametrize("action", [Action.RETURN, Action.REOPEN])
def test_going_back_needs_a_reason(action):
    decision = decide(stages=YUCHENG, current=1, approved=False, action=action, roles=frozenset({"street_staff"}))
    assert not decision.allowed and decision.refusal == "请填写理由。"


def test_an_approved_evaluation_is_revised_only_with_a_reason():
    roles = frozenset({"district_admin"})
    assert not decide(stages=YUCHENG, current=4, approved=True, action=Action.REVISE, roles=roles).allowed
    revised = decide(
        stages=YUCHENG, current=4, approved=True, action=Action.REVISE, roles=roles, reason="更正", target=1
    )
    assert revised.allowed and revised.target == 1 and revised.unfreezes


@pytest.mark.parametrize(
    ("days", "open_objections", "allowed"),
    [(2.99, 0, False), (3, 1, False), (3, 0, True), (10, 0, True)],
)
def test_publicity_closes_after_its_days_and_with_every_objection_answered(days, open_objections, allowed):
    facts = Facts(days_in_stage=days, open_objections=open_objections)
    roles = frozenset({"street_staff"})
    decision = decide(stages=YUCHENG, current=2, approved=False, action=Action.SUBMIT, roles=roles, facts=facts)
    assert decision.allowed is allowed
    if not allowed:
        assert ("3 天" in decision.refusal) if days < 3 else ("1 条异议" in decision.refusal)


@pytest.mark.parametrize(
    ("missing", "deadline_passed", "allowed"),
    [(2, False, False), (2, True, True), (0, False, True)],
)
def test_consultation_waits_for_opinions_until_the_deadline(missing, deadline_passed, allowed):
    facts = Facts(opinions_missing=missing, deadline_passed=deadline_passed)
    roles = frozenset({"district_admin"})
    decision = decide(stages=YUCHENG, current=3, approved=False, action=Action.SUBMIT, roles=roles, facts=facts)
    assert decision.allowed is allowed


def test_a_vote_stage_does_not_close_while_its_survey_is_open():
    stages = PROCEDURES["pioneer"]
    roles = frozenset({"org_admin"})
    refused = decide(
        stages=stages, current=1, approved=False, action=Action.SUBMIT, roles=roles, facts=Facts(survey_open=True)
    )
    assert not refused.allowed and "测评" in refused.refusal
    assert decide(stages=stages, current=1, approved=False, action=Action.SUBMIT, roles=roles).allowed


def test_the_refusal_names_the_stage_and_who_acts():
    decision = decide(stages=YUCHENG, current=1, approved=False, action=Action.SUBMIT, roles=frozenset({"org_admin"}))
    assert "复核" in decision.refusal and "街道" in decision.refusal
