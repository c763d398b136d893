"""The doors of rectification to close-out (整改销号, seed 003): every page and API of a case reaches it here.

A case is seen by whoever sees its organization's evaluations. Two sides act on it, with the capabilities they
already hold in the rating: the organization reports progress and submits the case as it enters its own
self-assessment (a street's own case: as the street reviews), and the level above (the street over a community,
the district over a street) opens, checks, closes out and sends back as it reviews scores, over the organization's
parent, so that nobody closes out a case of their own organization. Refusals are audited through orgs.permissions.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import RectificationCase, RectificationEvidence
from evaluations.rules.rectification import Side
from orgs.models import Level, Organization, User
from orgs.permissions import NOT_IN_SCOPE, Capability, check_capability_on, has_capability, refuse
from orgs.roles import Role
from orgs.tree import STEPLEN

CHECK_CAPABILITY = Capability.REVIEW_SCORES


def report_capability(organization: Organization) -> Capability:
    """The organization's own side: a community (or a branch) as in its self-assessment, a street as it reviews."""
    return Capability.REVIEW_SCORES if organization.level == Level.STREET else Capability.ENTER_SELF_ASSESSMENT


def parent_of(organization: Organization) -> Organization | None:
    """The level above the organization (None for the district itself)."""
    if organization.depth <= 1:
        return None
    return Organization.objects.filter(path=organization.path[:-STEPLEN]).first()


def level_above_roles(organization: Organization) -> tuple[Role, ...]:
    """Who checks the case and hears that it is overdue: the street's staff, or the district for a street's case."""
    return (Role.DISTRICT_ADMIN,) if organization.level == Level.STREET else (Role.STREET_STAFF,)


def organization_roles(organization: Organization) -> tuple[Role, ...]:
    """Who works on the case for the organization: its administrators, or the street's staff for a street's case."""
    return (Role.STREET_STAFF,) if organization.level == Level.STREET else (Role.ORG_ADMIN,)


def may_open_on(user: User, organization: Organization) -> bool:
    """The level above opens a case: the check capability over the organization's parent."""
    parent = parent_of(organization)
    return parent is not None and has_capability(user, CHECK_CAPABILITY, parent)


def may_act(user: User, case: RectificationCase, side: Side) -> bool:
    organization = case.organization
    if side == Side.ORGANIZATION:
        return has_capability(user, report_capability(organization), organization)
    parent = parent_of(organization)
    return parent is not None and has_capability(user, CHECK_CAPABILITY, parent)


SIDE_REFUSALS = {
    Side.ORGANIZATION: gettext_lazy(
        "Only the organization itself reports the progress of its case and submits it for close-out."
    ),
    Side.LEVEL_ABOVE: gettext_lazy(
        "Only the level above (the street; the district for a street's own case) checks a case and closes it out or "
        "sends it back: an organization cannot close out its own case."
    ),
}


def check_side(by: User | None, case: RectificationCase, side: Side) -> None:
    """A service's check that ``by`` acts on this side of the case: 403 with the reason, audited. None is the system."""
    if by is None or may_act(by, case, side):
        return
    capability = report_capability(case.organization) if side == Side.ORGANIZATION else CHECK_CAPABILITY
    refuse(
        by,
        capability=capability,
        object_type="rectification_case",
        object_id=case.pk,
        not_found=False,
        message=str(SIDE_REFUSALS[side]),
    )


def check_opener(by: User | None, organization: Organization) -> None:
    """Opening a case by hand is for the level above the organization: 403 with the reason, audited."""
    if by is None or may_open_on(by, organization):
        return
    refuse(
        by,
        capability=CHECK_CAPABILITY,
        object_type="organization",
        object_id=organization.pk,
        not_found=False,
        message=_("Only the level above %(organization)s opens a rectification case on it.")
        % {"organization": organization.name},
    )


def get_case_for_user(user: User, pk: object) -> RectificationCase:
    """A case whose organization the user sees (404 otherwise, audited); what they may do is checked per side."""
    case = RectificationCase.objects.select_related("organization", "owner", "opened_by").filter(pk=pk).first()
    if case is None:
        raise Http404(NOT_IN_SCOPE)
    check_capability_on(
        user, Capability.VIEW_EVALUATIONS, case.organization, object_type="rectification_case", object_id=pk
    )
    return case


def get_case_evidence_for_user(user: User, pk: object) -> RectificationEvidence:
    """An evidence file of a case the user sees (refused like the case)."""
    evidence = RectificationEvidence.objects.select_related("event__case__organization").filter(pk=pk).first()
    if evidence is None:
        raise Http404(NOT_IN_SCOPE)
    organization = evidence.event.case.organization
    check_capability_on(
        user,
        Capability.VIEW_EVALUATIONS,
        organization,
        object_type="rectification_case",
        object_id=evidence.event.case_id,
    )
    return evidence
