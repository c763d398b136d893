"""The doors of award nominations (评先评优): who nominates, who decides, who reads.

The level above nominates, with the capability it reviews scores with: a street its communities, branches and their
people, the district the streets too; nobody nominates its own organization. The district organization department
confirms or rejects, as it builds the recommended list. Whoever sees an organization's evaluations reads its
nominations. Refusals are audited through orgs.permissions."""

from django.http import Http404
from django.utils.translation import gettext as _

from evaluations.models import AwardNomination
from orgs.models import Organization, User
from orgs.permissions import NOT_IN_SCOPE, Capability, check_capability_on, has_capability, refuse
from orgs.tree import STEPLEN

NOMINATE_CAPABILITY = Capability.REVIEW_SCORES
DECIDE_CAPABILITY = Capability.BUILD_RECOMMENDATION


def parent_path(organization: Organization) -> str:
    return organization.path[:-STEPLEN]


def may_nominate(user: User, organization: Organization) -> bool:
    """The level above the organization nominates it (or a person of it): the capability over its parent."""
    if organization.depth <= 1:
        return False
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    parent = Organization(path=parent_path(organization), depth=organization.depth - 1)
    return has_capability(user, NOMINATE_CAPABILITY, parent)


def may_decide(user: User, nomination: AwardNomination) -> bool:
    return has_capability(user, DECIDE_CAPABILITY, nomination.organization)


def check_nominator(by: User | None, organization: Organization) -> None:
    """A nomination of (a person of) the organization is made by the level above: out of the user's sight 404,
    else 403 with the reason; both audited. ``by`` None is the system."""
    if by is None or may_nominate(by, organization):
        return
    refuse(
        by,
        capability=NOMINATE_CAPABILITY,
        object_type="organization",
        object_id=organization.pk,
        not_found=not has_capability(by, Capability.VIEW_EVALUATIONS, organization),
        message=_("Only the level above %(organization)s nominates it or its people for an award.")
        % {"organization": organization.name},
    )


def check_decider(by: User | None, nomination: AwardNomination) -> None:
    """Only the district organization department confirms or rejects a nomination: 403 with the reason, audited."""
    if by is None or may_decide(by, nomination):
        return
    refuse(
        by,
        capability=DECIDE_CAPABILITY,
        object_type="award_nomination",
        object_id=nomination.pk,
        not_found=False,
        message=_("Only the district organization department confirms or rejects a nomination."),
    )


def get_nomination_for_user(user: User, pk: object) -> AwardNomination:
    """A nomination whose organization the user sees (404 otherwise, audited)."""
    nomination = (
        AwardNomination.objects.select_related("organization", "nominated_by", "decided_by").filter(pk=pk).first()
    )
    if nomination is None:
        raise Http404(NOT_IN_SCOPE)
    check_capability_on(
        user, Capability.VIEW_EVALUATIONS, nomination.organization, object_type="award_nomination", object_id=pk
    )
    return nomination
