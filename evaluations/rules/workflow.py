"""The transition rules of a campaign's stages, pure: who may do what to an evaluation, at which stage.

A campaign carries an ordered list of stages; an evaluation sits at one of them. The rules here take plain
values (the stages, where the evaluation is, the facts that gate a stage, the roles the actor holds over the
organization) and return a decision. Services load those values, call ``decide`` and write what it says.
Yucheng 五星争创 (seed 000): self-assessment → street review → publicity ≥ 3 days → district consultation of
departments ("X+2") → district committee approval.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from orgs.roles import ROLE_LABELS, Role


class StageKind(StrEnum):
    SELF_ASSESSMENT = "self_assessment"
    REVIEW = "review"
    VOTE = "vote"
    PUBLICITY = "publicity"
    CONSULTATION = "consultation"
    APPROVAL = "approval"


STAGE_KIND_LABELS = {
    StageKind.SELF_ASSESSMENT: _("Self-assessment"),
    StageKind.REVIEW: _("Review"),
    StageKind.VOTE: _("Satisfaction vote"),
    StageKind.PUBLICITY: _("Publicity"),
    StageKind.CONSULTATION: _("Department opinions"),
    StageKind.APPROVAL: _("Final approval"),
}


class Action(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    REOPEN = "reopen"
    REVISE = "revise"


ACTION_LABELS = {
    Action.SUBMIT: _("Submit"),
    Action.RETURN: _("Return"),
    Action.REOPEN: _("Reopen"),
    Action.REVISE: _("Revise after approval"),
}


# How high a role stands: a higher role may reopen what a lower one handles.
ROLE_RANK = {
    Role.MEMBER: 0,
    Role.ORG_ADMIN: 1,
    Role.STREET_STAFF: 2,
    Role.DEPARTMENT_REVIEWER: 2,
    Role.DISTRICT_ADMIN: 3,
    Role.DISTRICT_APPROVER: 3,
}
REVISING_ROLE = Role.DISTRICT_ADMIN


@dataclass(frozen=True)
class StageSpec:
    kind: str
    actor_role: str
    min_days: int = 0


@dataclass(frozen=True)
class Facts:
    """What gates leaving the current stage; the service reads them from the database."""

    days_in_stage: float = 0.0
    open_objections: int = 0
    opinions_missing: int = 0
    deadline_passed: bool = False
    survey_open: bool = False
    democratic_vote_unclosed: bool = False  # a member's branch has not closed its vote (at the quorum) yet


@dataclass(frozen=True)
class Decision:
    allowed: bool
    target: int | None = None  # index of the stage the evaluation moves to
    approves: bool = False  # the evaluation becomes final and frozen
    unfreezes: bool = False  # a revision: the approved evaluation opens again
    refusal: str = ""
    forbidden: bool = False  # refused for who the actor is, not for the state of the evaluation


def _refused(message, *, forbidden: bool = False) -> Decision:
    return Decision(allowed=False, refusal=str(message), forbidden=forbidden)


def _submit_gate(stage: StageSpec, facts: Facts):
    """Why the current stage cannot be left yet, or None."""
    if stage.kind == StageKind.PUBLICITY:
        if facts.days_in_stage < stage.min_days:
            return _("The publicity lasts at least %(days)d days: it cannot close yet.") % {"days": stage.min_days}
        if facts.open_objections:
            return _("%(count)d objection(s) are not answered yet: answer them before closing the publicity.") % {
                "count": facts.open_objections
            }
    if stage.kind == StageKind.CONSULTATION and facts.opinions_missing and not facts.deadline_passed:
        return _("%(count)d department(s) have not given their opinion and the deadline has not passed.") % {
            "count": facts.opinions_missing
        }
    if stage.kind == StageKind.VOTE and facts.survey_open:
        return _("The satisfaction survey is still open: close it first.")
    if stage.kind == StageKind.VOTE and facts.democratic_vote_unclosed:
        return _("The branch's democratic vote has not closed with its quorum yet: close it first.")
    return None


def decide(
    *,
    stages: tuple[StageSpec, ...],
    current: int,
    approved: bool,
    action: str,
    roles: frozenset[str],
    reason: str = "",
    target: int | None = None,
    facts: Facts = Facts(),
) -> Decision:
    """Whether someone holding ``roles`` over the organization may take ``action``, and where it leads.

    Submit moves one stage on (at the last stage it approves); return moves one stage back with a reason;
    reopen moves back to an earlier stage, by a role higher than the one acting there, with a reason; an
    approved evaluation only changes through a revision by the district organization department.
    """
    if not stages or not 0 <= current < len(stages):
        return _refused(_("This evaluation has no stage to act on."))
    stage = stages[current]
    rank = max((ROLE_RANK.get(role, -1) for role in roles), default=-1)
    needs_reason = action in (Action.RETURN, Action.REOPEN, Action.REVISE)
    if needs_reason and not reason.strip():
        return _refused(_("Give a reason."))
    if action == Action.REVISE:
        if not approved:
            return _refused(_("Only an approved evaluation is revised; use return or reopen."))
        if REVISING_ROLE not in roles:
            return _refused(
                _("Only the district organization department revises an approved evaluation."), forbidden=True
            )
        destination = current if target is None else target
        if not 0 <= destination < len(stages):
            return _refused(_("No such stage."))
        return Decision(allowed=True, target=destination, unfreezes=True)
    if approved:
        return _refused(_("The evaluation is approved and frozen: a change needs a revision with a reason."))
    if action == Action.SUBMIT:
        if stage.actor_role not in roles:
            return _refused(_("At the stage %(stage)s only %(role)s acts.") % _stage_values(stage), forbidden=True)
        gate = _submit_gate(stage, facts)
        if gate:
            return _refused(gate)
        if current == len(stages) - 1:
            return Decision(allowed=True, target=current, approves=True)
        return Decision(allowed=True, target=current + 1)
    if action == Action.RETURN:
        if stage.actor_role not in roles:
            return _refused(_("At the stage %(stage)s only %(role)s acts.") % _stage_values(stage), forbidden=True)
        if current == 0:
            return _refused(_("The first stage has no stage before it to return to."))
        return Decision(allowed=True, target=current - 1)
    if action == Action.REOPEN:
        destination = current - 1 if target is None else target
        if not 0 <= destination < current:
            return _refused(_("Reopen goes back to an earlier stage."))
        if rank <= ROLE_RANK.get(stages[destination].actor_role, 0) or rank < ROLE_RANK.get(stage.actor_role, 0):
            return _refused(_("Only a higher level reopens an earlier stage."), forbidden=True)
        return Decision(allowed=True, target=destination)
    return _refused(_("Unknown action."))


def stage_who_acts(kind: str, actor_role: str) -> str:
    """Who acts at a stage, as the procedure list says it. At the consultation stage the district departments give
    their opinions and the stage's role (the district administrator) closes it; elsewhere the stage's role acts."""
    role = str(ROLE_LABELS[Role(actor_role)])
    if kind == StageKind.CONSULTATION:
        return _("district departments give opinions, %(role)s closes the stage") % {"role": role}
    return role


def _stage_values(stage: StageSpec) -> dict[str, str]:
    return {"stage": str(STAGE_KIND_LABELS[StageKind(stage.kind)]), "role": str(ROLE_LABELS[Role(stage.actor_role)])}


def score_stage_open(kind: str) -> str | None:
    """Which stage's scores may be entered while an evaluation sits at a stage of this kind (the scores' stage has
    the name of the stage kind)."""
    return kind if kind in (StageKind.SELF_ASSESSMENT, StageKind.REVIEW) else None


# The stage lists a campaign starts from; a district edits the deadlines and days on the campaign.
PROCEDURES: dict[str, tuple[StageSpec, ...]] = {
    # Yucheng 五星争创 (seed 000); the satisfaction vote runs during the street review.
    "yucheng": (
        StageSpec(StageKind.SELF_ASSESSMENT, Role.ORG_ADMIN),
        StageSpec(StageKind.REVIEW, Role.STREET_STAFF),
        StageSpec(StageKind.PUBLICITY, Role.STREET_STAFF, min_days=3),
        StageSpec(StageKind.CONSULTATION, Role.DISTRICT_ADMIN),
        StageSpec(StageKind.APPROVAL, Role.DISTRICT_APPROVER),
    ),
    # Lengshuijiang pioneer index (seed 004): self-evaluation → democratic vote → branch review → publicity.
    "pioneer": (
        StageSpec(StageKind.SELF_ASSESSMENT, Role.ORG_ADMIN),
        StageSpec(StageKind.VOTE, Role.ORG_ADMIN),
        StageSpec(StageKind.REVIEW, Role.ORG_ADMIN),  # 支部评议: the branch committee
        StageSpec(StageKind.PUBLICITY, Role.STREET_STAFF, min_days=3),
    ),
    # Jinyuan secretary stars (seed 001): quarterly scoring by the street, rating and filing by the district.
    "secretary": (
        StageSpec(StageKind.SELF_ASSESSMENT, Role.ORG_ADMIN),
        StageSpec(StageKind.REVIEW, Role.STREET_STAFF),
        StageSpec(StageKind.APPROVAL, Role.DISTRICT_APPROVER),
    ),
}
# What each procedure is called and what it is made to rate (a subject kind), for the page that creates a campaign.
PROCEDURE_NAMES = {
    "yucheng": _("Yucheng five-star campaign"),
    "pioneer": _("Lengshuijiang pioneer index"),
    "secretary": _("Jinyuan secretary stars"),
}
PROCEDURE_SUBJECTS = {"yucheng": "organization", "pioneer": "member", "secretary": "secretary"}
PROCEDURE_LABELS = {
    "yucheng": _("Self-assessment → street review → publicity → department opinions → approval"),
    "pioneer": _("Self-evaluation → democratic vote → review → publicity"),
    "secretary": _("Self-assessment → street scoring → approval"),
}
