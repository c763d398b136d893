"""The one door for permissions. Only this module talks to django-guardian.

A role is a guardian object permission (``orgs.role_<role>``) granted to a user on one organization,
and it covers that organization's whole subtree. One query loads a user's grants; a single object is
checked against them by path prefix, and a list is one ``path LIKE 'prefix%'`` filter per grant.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import assign_perm, remove_perm

from orgs.models import Member, Organization, OrganizationUserObjectPermission, Secretary, User
from orgs.roles import ROLE_CODENAME_PREFIX, Role, role_codename, role_of_codename
from orgs.services.audit import audit_refusal


class Capability(StrEnum):
    VIEW_ORGANIZATION = "view_organization"
    VIEW_MEMBERS = "view_members"
    REVEAL_PERSONAL_DATA = "reveal_personal_data"
    EXPORT_ROSTER = "export_roster"
    IMPORT_ROSTER = "import_roster"
    VIEW_EVALUATIONS = "view_evaluations"
    MANAGE_CAMPAIGNS = "manage_campaigns"
    ENTER_SELF_ASSESSMENT = "enter_self_assessment"
    REVIEW_SCORES = "review_scores"
    MANAGE_SURVEYS = "manage_surveys"  # open satisfaction surveys, issue and print vote codes
    VIEW_SURVEY_RESULTS = "view_survey_results"
    RUN_PUBLICITY = "run_publicity"  # answer objections, close the street's publicity
    GIVE_OPINION = "give_opinion"  # a district department's opinion in the joint review
    BUILD_RECOMMENDATION = "build_recommendation"  # rankings, quota checks, the recommended list
    APPROVE_RESULTS = "approve_results"  # the district committee's final approval
    VOTE_AS_MEMBER = "vote_as_member"  # held by being a member of the organization, never granted with a role
    RUN_DEMOCRATIC_VOTE = "run_democratic_vote"  # open and close a branch's 民主测评, enter its paper results


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    # The organization department does everything but the committee's approval and a department's opinion.
    Role.DISTRICT_ADMIN: frozenset(Capability)
    - {Capability.APPROVE_RESULTS, Capability.GIVE_OPINION, Capability.VOTE_AS_MEMBER},
    Role.DISTRICT_APPROVER: frozenset(
        {
            Capability.VIEW_ORGANIZATION,
            Capability.VIEW_MEMBERS,
            Capability.EXPORT_ROSTER,
            Capability.VIEW_EVALUATIONS,
            Capability.VIEW_SURVEY_RESULTS,
            Capability.APPROVE_RESULTS,
        }
    ),
    Role.DEPARTMENT_REVIEWER: frozenset(
        {
            Capability.VIEW_ORGANIZATION,
            Capability.VIEW_EVALUATIONS,
            Capability.VIEW_SURVEY_RESULTS,
            Capability.GIVE_OPINION,
        }
    ),
    Role.STREET_STAFF: frozenset(
        {
            Capability.VIEW_ORGANIZATION,
            Capability.VIEW_MEMBERS,
            Capability.EXPORT_ROSTER,
            Capability.REVEAL_PERSONAL_DATA,
            Capability.VIEW_EVALUATIONS,
            Capability.REVIEW_SCORES,
            Capability.MANAGE_SURVEYS,
            Capability.VIEW_SURVEY_RESULTS,
            Capability.RUN_PUBLICITY,
        }
    ),
    Role.ORG_ADMIN: frozenset(
        {
            Capability.VIEW_ORGANIZATION,
            Capability.VIEW_MEMBERS,
            Capability.EXPORT_ROSTER,
            Capability.VIEW_EVALUATIONS,
            Capability.ENTER_SELF_ASSESSMENT,
            Capability.RUN_DEMOCRATIC_VOTE,
        }
    ),
    Role.MEMBER: frozenset({Capability.VIEW_ORGANIZATION}),
}

NOT_IN_SCOPE = _("No such item in your scope.")


def role_permission(role: Role) -> str:
    return f"orgs.{role_codename(role)}"


@dataclass(frozen=True)
class Grant:
    role: Role
    organization_id: int
    path: str


def user_grants(user: User) -> tuple[Grant, ...]:
    """All roles of a user with the path of the organization each is granted on (one query, cached)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_starrating_grants", None)
    if cached is None:
        rows = OrganizationUserObjectPermission.objects.filter(
            user_id=user.pk, permission__codename__startswith=ROLE_CODENAME_PREFIX
        ).values_list("permission__codename", "content_object_id", "content_object__path")
        cached = tuple(Grant(role_of_codename(codename), org_id, path) for codename, org_id, path in rows)
        user._starrating_grants = cached
    return cached


def forget_grants(user: User) -> None:
    user.__dict__.pop("_starrating_grants", None)


def user_roles(user: User) -> set[Role]:
    return {grant.role for grant in user_grants(user)}


def roles_over(user: User, organization: Organization) -> frozenset[str]:
    """The roles the user holds on the organization or one of its ancestors; a superuser holds them all."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return frozenset(Role)
    return frozenset(grant.role for grant in user_grants(user) if organization.path.startswith(grant.path))


def capability_paths(user: User, capability: Capability) -> list[str]:
    """The minimal set of subtree prefixes in which the user holds the capability."""
    paths = sorted({g.path for g in user_grants(user) if capability in ROLE_CAPABILITIES[g.role]})
    minimal: list[str] = []
    for path in paths:
        if not any(path.startswith(kept) for kept in minimal):
            minimal.append(path)
    return minimal


def has_capability(user: User, capability: Capability, organization: Organization | None = None) -> bool:
    """Ancestor-aware check: a grant on any ancestor (or the node itself) covers the organization."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    paths = capability_paths(user, capability)
    if organization is None:
        return bool(paths)
    return any(organization.path.startswith(path) for path in paths)


def has_any_capability(user: User, capabilities: Iterable[Capability], organization: Organization) -> bool:
    return any(has_capability(user, capability, organization) for capability in capabilities)


def _path_filter(paths: Iterable[str], field: str) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def organizations_visible_to(user: User, capability: Capability = Capability.VIEW_ORGANIZATION) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    paths = capability_paths(user, capability)
    if not paths:
        return Organization.objects.none()
    return Organization.objects.filter(_path_filter(paths, "path"))


def members_visible_to(user: User) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Member.objects.none()
    if user.is_superuser:
        return Member.objects.all()
    paths = capability_paths(user, Capability.VIEW_MEMBERS)
    if not paths:
        return Member.objects.none()
    return Member.objects.filter(_path_filter(paths, "branch__path"))


def secretaries_visible_to(user: User) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Secretary.objects.none()
    if user.is_superuser:
        return Secretary.objects.all()
    paths = capability_paths(user, Capability.VIEW_ORGANIZATION)
    if not paths:
        return Secretary.objects.none()
    return Secretary.objects.filter(_path_filter(paths, "organization__path"))


def subtree_condition(user: User, capability: Capability, field: str) -> Q | None:
    """A filter on ``<field>__startswith`` for the subtrees where the user holds the capability.

    None means no restriction (a superuser); other apps scope their own querysets with it.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    return _path_filter(capability_paths(user, capability), field)


def check_capability_on(
    user: User, capability: Capability, organization: Organization, *, object_type: str, object_id: object
) -> None:
    """For objects of other apps that belong to an organization: out of the viewer's scope is 404, not allowed 403.

    Both refusals are audited. ``VIEW_EVALUATIONS`` decides what is in scope.
    """
    if not has_capability(user, Capability.VIEW_EVALUATIONS, organization):
        refuse(user, capability=capability, object_type=object_type, object_id=object_id, not_found=True)
    if not has_capability(user, capability, organization):
        refuse(user, capability=capability, object_type=object_type, object_id=object_id, not_found=False)


def check_actor(
    by: User | None,
    capability: Capability,
    organization: Organization,
    *,
    object_type: str,
    object_id: object,
    alternatives: Iterable[Capability] = (),
) -> None:
    """A service's own check of who acts, whoever called it: without the capability (or one of the alternatives) on
    the organization, 403 through ``refuse``, audited. ``by`` None is the system acting (beat, tasks, seeding)."""
    if by is None or has_any_capability(by, (capability, *alternatives), organization):
        return
    refuse(by, capability=capability, object_type=object_type, object_id=object_id, not_found=False)


def top_organizations_for(user: User) -> QuerySet:
    """The roots of what a user sees: the tree's roots for a superuser, else the granted nodes."""
    if user.is_superuser:
        return Organization.objects.get_root_nodes()
    paths = capability_paths(user, Capability.VIEW_ORGANIZATION)
    return Organization.objects.filter(path__in=paths).order_by("path")


def refuse(
    user: User,
    *,
    capability: Capability | str,
    object_type: str,
    object_id: object,
    not_found: bool,
    message: str | None = None,
) -> NoReturn:
    """The one door of every refusal: audited, then 404 for what is out of the user's scope (``not_found``, so that
    nobody learns it exists) or 403 for a missing capability. ``message`` replaces the usual one."""
    audit_refusal(user=user, capability=capability, object_type=object_type, object_id=object_id)
    if not_found:
        raise Http404(message or NOT_IN_SCOPE)
    raise PermissionDenied(message or _("You do not have permission to do this."))


def get_organization_for_user(user: User, pk: object, capability: Capability) -> Organization:
    """The organization if the user holds the capability on it; out of scope is 404, in scope but not allowed 403."""
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None:
        raise Http404(NOT_IN_SCOPE)
    if not has_capability(user, Capability.VIEW_ORGANIZATION, organization):
        refuse(user, capability=capability, object_type="organization", object_id=pk, not_found=True)
    if not has_capability(user, capability, organization):
        refuse(user, capability=capability, object_type="organization", object_id=pk, not_found=False)
    return organization


def get_member_for_user(user: User, pk: object, capability: Capability) -> Member:
    member = Member.objects.select_related("branch").filter(pk=pk).first()
    if member is None:
        raise Http404(NOT_IN_SCOPE)
    if not has_capability(user, Capability.VIEW_ORGANIZATION, member.branch):
        refuse(user, capability=capability, object_type="member", object_id=pk, not_found=True)
    if not has_capability(user, capability, member.branch):
        refuse(user, capability=capability, object_type="member", object_id=pk, not_found=False)
    return member


def require_capability(user: User, capability: Capability) -> None:
    """For pages that act on the user's whole scope (imports, exports of everything visible)."""
    if not has_capability(user, capability):
        refuse(user, capability=capability, object_type="", object_id="", not_found=False)


def assign_role(*, user: User, role: Role, organization: Organization) -> None:
    assign_perm(role_permission(role), user, organization)
    forget_grants(user)


def remove_role(*, user: User, role: Role, organization: Organization) -> None:
    remove_perm(role_permission(role), user, organization)
    forget_grants(user)


def role_grants_of(user: User) -> list[tuple[Role, Organization]]:
    grants = user_grants(user)
    organizations = Organization.objects.in_bulk([g.organization_id for g in grants])
    return [(g.role, organizations[g.organization_id]) for g in grants]


def grants_queryset() -> QuerySet:
    return OrganizationUserObjectPermission.objects.select_related("user", "permission", "content_object")
