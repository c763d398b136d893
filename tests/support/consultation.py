"""Set-up shared by the joint review ("X+2") tests: a campaign consulting the six departments, with
organizations at the consultation stage after a full-marks street review."""

from datetime import timedelta

from django.utils import timezone

from evaluations.models import CampaignStage, Stage
from evaluations.rules.workflow import StageKind
from orgs.models import Department, User
from orgs.permissions import assign_role
from orgs.roles import Role
from tests.support.evaluations import (
    at_stage,
    evaluation_of,
    full_marks,
    open_community_campaign,
    save_scores,
)
from tests.support.votes import cast_ballots


def consulting_campaign(district, *, deadline_in_days: float | None = 7):
    """The district's community campaign consulting all six departments, its consultation deadline ahead."""
    campaign = open_community_campaign(district)
    campaign.departments.set(Department.objects.all())
    deadline = timezone.now() + timedelta(days=deadline_in_days) if deadline_in_days is not None else None
    CampaignStage.objects.filter(campaign=campaign, kind=StageKind.CONSULTATION).update(deadline=deadline)
    return campaign


def reviewed_at_consultation(campaign, organization, *, satisfied: int = 7, unsatisfied: int = 3):
    """An organization with full marks in the street's review and its votes, now at the consultation stage."""
    evaluation = evaluation_of(campaign, organization)
    at_stage(evaluation, StageKind.REVIEW)
    save_scores(evaluation, full_marks(campaign.template), stage=Stage.REVIEW, vetoes={})
    cast_ballots(evaluation, {"satisfied": satisfied, "unsatisfied": unsatisfied})
    return at_stage(evaluation, StageKind.CONSULTATION)


def department(code: str) -> Department:
    return Department.objects.get(code=code)


def department_reviewer(district, code: str, username: str) -> User:
    """One more reviewer, of the department with this code, holding the department reviewer's role on the district."""
    user = User.objects.create(username=username, department=department(code))
    assign_role(user=user, role=Role.DEPARTMENT_REVIEWER, organization=district.district)
    return user
