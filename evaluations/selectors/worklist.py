"""What waits for a user: evaluations at a stage their role acts on, opinions their department owes, objections to
answer, a recommended list to approve, a member's open satisfaction surveys. Every reader here is scoped through the
user's role grants and runs a fixed number of queries whatever the length of the list.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from evaluations.models import (
    CampaignStatus,
    DepartmentOpinion,
    Evaluation,
    EvaluationStatus,
    Notification,
    Objection,
    RecommendationStatus,
    RecommendedList,
)
from evaluations.rules.workflow import StageKind
from evaluations.selectors.democratic_votes import democratic_votes_to_vote_for_user
from evaluations.selectors.rectification import cases_waiting_for, rectification_waiting_condition
from evaluations.selectors.votes import surveys_to_vote_for
from orgs.models import User
from orgs.permissions import Capability, capability_paths, user_grants
from orgs.roles import Role


def _paths_of_role(user: User, role: Role) -> list[str]:
    return sorted({grant.path for grant in user_grants(user) if grant.role == role})


def _any_path(paths: list[str], field: str) -> Q:
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def _waiting_condition(user: User) -> Q | None:
    """Evaluations whose current stage is acted on by a role the user holds over the organization; None: none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Q(stage__isnull=False)
    condition = None
    for grant in user_grants(user):
        one = Q(organization__path__startswith=grant.path, stage__actor_role=grant.role.value)
        condition = one if condition is None else condition | one
    return condition


def _open_and_not_approved() -> Q:
    return Q(campaign__status=CampaignStatus.OPEN, status=EvaluationStatus.IN_PROGRESS)


def evaluations_waiting_for(user: User) -> QuerySet:
    """The evaluations waiting for the user to act, the earliest deadline (so the overdue) first."""
    condition = _waiting_condition(user)
    if condition is None:
        return Evaluation.objects.none()
    return (
        Evaluation.objects.filter(_open_and_not_approved(), condition)
        .select_related("organization", "campaign", "stage", "secretary", "member")
        .order_by(F("stage__deadline").asc(nulls_last=True), "campaign_id", "organization__path")
    )


def opinions_awaited_from(user: User) -> QuerySet:
    """Department reviewers: organizations at consultation whose campaign consults their department and that
    have no opinion of it yet, within the reviewer's scope."""
    paths = _paths_of_role(user, Role.DEPARTMENT_REVIEWER)
    department_id = getattr(user, "department_id", None)
    if not paths or department_id is None or not user.is_active:
        return Evaluation.objects.none()
    given = DepartmentOpinion.objects.filter(department_id=department_id).values("evaluation_id")
    return (
        Evaluation.objects.filter(
            _open_and_not_approved(),
            _any_path(paths, "organization__path"),
            stage__kind=StageKind.CONSULTATION,
            campaign__departments=department_id,
        )
        .exclude(pk__in=given)
        .select_related("organization", "campaign", "stage", "secretary", "member")
        .order_by(F("stage__deadline").asc(nulls_last=True), "campaign_id", "organization__path")
    )


def objections_unanswered_for(user: User) -> QuerySet:
    """Street staff: the objections filed on their street's evaluations that nobody has answered, oldest first."""
    paths = _paths_of_role(user, Role.STREET_STAFF)
    if not paths or not user.is_active:
        return Objection.objects.none()
    return (
        Objection.objects.filter(
            _any_path(paths, "evaluation__organization__path"),
            answered_at__isnull=True,
            evaluation__campaign__status=CampaignStatus.OPEN,
        )
        .select_related(
            "evaluation__organization", "evaluation__campaign", "evaluation__secretary", "evaluation__member"
        )
        .order_by("filed_at", "pk")
    )


def batches_awaiting_approval(user: User, limit: int) -> list[RecommendedList]:
    """The submitted batches the approver's pages list, with how many organizations each holds (``size``)."""
    return list(lists_awaiting_approval(user).annotate(size=Count("entries"))[:limit])


def lists_awaiting_approval(user: User) -> QuerySet:
    """The approver: recommended lists submitted for approval on campaigns within the approver's scope."""
    paths = capability_paths(user, Capability.APPROVE_RESULTS) if not user.is_superuser else [""]
    if not paths or not user.is_active:
        return RecommendedList.objects.none()
    return (
        RecommendedList.objects.filter(_any_path(paths, "campaign__scope__path"), status=RecommendationStatus.SUBMITTED)
        .select_related("campaign")
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class WorklistCounts:
    waiting: int = 0
    opinions: int = 0
    objections: int = 0
    lists: int = 0
    surveys: int = 0
    unread: int = 0
    democratic_votes: int = 0  # the sheets of the member's branch to fill in
    rectification: int = 0  # rectification cases to report on, or to check and close out

    @property
    def total(self) -> int:
        return (
            self.waiting
            + self.opinions
            + self.objections
            + self.lists
            + self.surveys
            + self.democratic_votes
            + self.rectification
        )


def _count(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().values(n=Func(F("pk"), function="COUNT"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def worklist_counts(user: User) -> WorklistCounts:
    """How much waits for the user and how many notifications are unread: one query (cached on the user)."""
    cached = getattr(user, "_worklist_counts", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        return WorklistCounts()
    sections = {"unread": Notification.objects.filter(user_id=user.pk, read_at__isnull=True)}
    if _waiting_condition(user) is not None:
        sections["waiting"] = evaluations_waiting_for(user)
    if _paths_of_role(user, Role.DEPARTMENT_REVIEWER) and user.department_id:
        sections["opinions"] = opinions_awaited_from(user)
    if _paths_of_role(user, Role.STREET_STAFF):
        sections["objections"] = objections_unanswered_for(user)
    if user.is_superuser or capability_paths(user, Capability.APPROVE_RESULTS):
        sections["lists"] = lists_awaiting_approval(user)
    if rectification_waiting_condition(user) is not None:
        sections["rectification"] = cases_waiting_for(user)
    if getattr(user, "member_id", None):
        sections["surveys"] = surveys_to_vote_for(user)
        sections["democratic_votes"] = democratic_votes_to_vote_for_user(user)
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(**{f"count_{name}": _count(queryset) for name, queryset in sections.items()})
        .values(*(f"count_{name}" for name in sections))
        .first()
    ) or {}
    counts = WorklistCounts(**{name: row.get(f"count_{name}", 0) for name in sections})
    user._worklist_counts = counts
    return counts


def forget_worklist_counts(user: User) -> None:
    user.__dict__.pop("_worklist_counts", None)


@dataclass(frozen=True)
class Deadline:
    """A stage deadline as a user reads it: the date, the days left (negative when overdue)."""

    at: datetime | None
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0


def deadline_of(deadline: datetime | None, now: datetime | None = None) -> Deadline:
    """Days left counted in calendar days of the local time zone: due today is 0, due yesterday is -1."""
    if deadline is None:
        return Deadline(None, None)
    now = now or timezone.now()
    days = (timezone.localdate(deadline) - timezone.localdate(now)).days
    if days == 0 and deadline < now:
        days = -1
    return Deadline(deadline, days)
