"""Rectification cases (整改销号), scoped: the organization sees its own, the street its street's, the district all;
the list's filters and counts, what waits for a user, and a case's history."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from evaluations.models import RectificationCase, RectificationEvent
from evaluations.rectification_permissions import CHECK_CAPABILITY
from evaluations.rules.rectification import FINISHED, WORKING, CaseStatus
from orgs.models import Level, Organization, User
from orgs.permissions import Capability, capability_paths, grants_queryset, subtree_condition, user_grants
from orgs.roles import Role, role_codename
from orgs.tree import STEPLEN, street_path_of

SORTS = {"deadline": ("deadline", "pk"), "-deadline": ("-deadline", "-pk")}


def cases_visible_to(user: User) -> QuerySet:
    """The cases of the organizations in the user's subtrees."""
    condition = subtree_condition(user, Capability.VIEW_EVALUATIONS, "organization__path")
    cases = RectificationCase.objects.all()
    if condition is not None:
        cases = cases.filter(condition)
    return cases.select_related("organization", "owner")


def overdue_condition(today: date) -> Q:
    return Q(deadline__lt=today) & ~Q(status__in=list(FINISHED))


@dataclass(frozen=True)
class CaseFilters:
    """What the list is narrowed to: a street, a status, only the overdue, a year; and the order by deadline."""

    street: Organization | None = None
    status: str = ""
    overdue: bool = False
    year: int | None = None
    sort: str = "deadline"

    def apply(self, cases: QuerySet, today: date, *, with_status: bool = True) -> QuerySet:
        if self.street is not None:
            cases = cases.filter(organization__path__startswith=self.street.path)
        if self.year is not None:
            cases = cases.filter(year=self.year)
        if with_status and self.status:
            cases = cases.filter(status=self.status)
        if with_status and self.overdue:
            cases = cases.filter(overdue_condition(today))
        return cases.order_by(*SORTS.get(self.sort, SORTS["deadline"]))


def case_counts(cases: QuerySet, today: date) -> dict[str, int]:
    """Open (neither closed out nor withdrawn), overdue, closed-out and withdrawn cases of the list, in one query."""
    return cases.order_by().aggregate(
        open=Count("pk", filter=~Q(status__in=list(FINISHED))),
        overdue=Count("pk", filter=overdue_condition(today)),
        closed=Count("pk", filter=Q(status=CaseStatus.CLOSED)),
        cancelled=Count("pk", filter=Q(status=CaseStatus.CANCELLED)),
    )


def streets_of(user: User) -> QuerySet:
    """The streets the user may narrow the list to."""
    condition = subtree_condition(user, Capability.VIEW_EVALUATIONS, "path")
    streets = Organization.objects.filter(level=Level.STREET)
    if condition is not None:
        streets = streets.filter(condition)
    return streets.order_by("path")


def years_of(cases: QuerySet) -> list[int]:
    return sorted(set(cases.order_by().values_list("year", flat=True).distinct()), reverse=True)


def rectification_waiting_condition(user: User) -> Q | None:
    """Cases the user's roles act on now: the organization's side while it works on them, the level above once they
    are submitted. None when nothing can wait for the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Q(status=CaseStatus.SUBMITTED)
    street = Q(organization__level=Level.STREET)
    working, submitted = Q(status__in=list(WORKING)), Q(status=CaseStatus.SUBMITTED)
    condition = None
    for grant in user_grants(user):
        below = Q(organization__path__startswith=grant.path)
        if grant.role == Role.ORG_ADMIN:
            one = below & ~street & working
        elif grant.role == Role.STREET_STAFF:
            own_street = Q(organization__path=grant.path) & street & working
            one = own_street | (below & Q(organization__depth__gt=len(grant.path) // STEPLEN) & ~street & submitted)
        elif grant.role == Role.DISTRICT_ADMIN:
            one = below & street & submitted
        else:
            continue
        condition = one if condition is None else condition | one
    return condition


def cases_waiting_for(user: User) -> QuerySet:
    """The cases waiting for the user to act, the earliest deadline (so the overdue) first."""
    condition = rectification_waiting_condition(user)
    if condition is None:
        return RectificationCase.objects.none()
    return RectificationCase.objects.filter(condition).select_related("organization").order_by("deadline", "pk")


def case_history(case: RectificationCase) -> list[RectificationEvent]:
    """Every step of the case, oldest first, with who took it and the evidence of each progress report."""
    return list(case.events.select_related("by").prefetch_related("evidence").order_by("at", "pk"))


def street_names(cases: list[RectificationCase]) -> dict[str, str]:
    """The street of each case on a page of the list, by the street's path (one query)."""
    paths = {street_path_of(case.organization.path) for case in cases}
    return dict(Organization.objects.filter(path__in=paths, level=Level.STREET).values_list("path", "name"))


def today() -> date:
    return timezone.localdate()


def _below_check_grants(user: User, field: str) -> Q | None:
    """Strictly below the subtrees where the user checks cases (the level above of what lies there)."""
    if user.is_superuser:
        return Q(**{f"{field}depth__gt": 1})
    condition = Q(pk__in=[])
    for path in capability_paths(user, CHECK_CAPABILITY):
        condition |= Q(**{f"{field}path__startswith": path, f"{field}depth__gt": len(path) // STEPLEN})
    return condition


def organizations_to_open_on(user: User) -> QuerySet:
    """The streets and communities the user may open a case on: those below the user's level."""
    return (
        Organization.objects.filter(_below_check_grants(user, ""), level__in=(Level.STREET, Level.COMMUNITY))
        .filter(is_active=True)
        .order_by("path")
    )


def owner_accounts(user: User) -> list[tuple[int, str]]:
    """The accounts that may own a case the user opens: the administrators of those organizations (a street's staff
    for a street's own case), each with the organization they work for."""
    codenames = [role_codename(Role.ORG_ADMIN), role_codename(Role.STREET_STAFF)]
    rows = (
        grants_queryset()
        .filter(_below_check_grants(user, "content_object__"), user__is_active=True, permission__codename__in=codenames)
        .order_by("content_object__path", "user__username")
        .values_list("user_id", "user__full_name", "user__username", "content_object__name")
    )
    return [
        (user_id, f"{full_name or username}（{organization}）") for user_id, full_name, username, organization in rows
    ]
