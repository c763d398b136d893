"""Granting and revoking roles; each change is audited in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orgs.models import AuditAction, Level, Organization, User
from orgs.permissions import assign_role, remove_role
from orgs.roles import Role
from orgs.services.audit import audit_record

# The level a role is normally granted at; a grant elsewhere is refused with a clear message. In a province the
# district-wide roles may also be granted on a city or the province (their organization departments).
DISTRICT_WIDE_LEVELS = {Level.PROVINCE, Level.CITY, Level.DISTRICT}
ROLE_LEVELS: dict[Role, set[str]] = {
    Role.DISTRICT_ADMIN: DISTRICT_WIDE_LEVELS,
    Role.DISTRICT_APPROVER: DISTRICT_WIDE_LEVELS,
    Role.DEPARTMENT_REVIEWER: DISTRICT_WIDE_LEVELS,
    Role.STREET_STAFF: {Level.STREET},
    Role.ORG_ADMIN: {Level.COMMUNITY, Level.BRANCH, Level.GROUP},
    Role.MEMBER: {Level.COMMUNITY, Level.BRANCH, Level.GROUP},
}


def role_grant(*, user: User, role: Role, organization: Organization, by: User | None) -> User:
    """Give a user a role on an organization's subtree."""
    if organization.level not in ROLE_LEVELS[role]:
        raise ValidationError(
            _("The role %(role)s cannot be granted on an organization of level %(level)s.")
            % {"role": role.value, "level": organization.get_level_display()}
        )
    if role == Role.DEPARTMENT_REVIEWER and user.department_id is None:
        raise ValidationError(_("A department reviewer needs a district department on the account."))
    with transaction.atomic():
        assign_role(user=user, role=role, organization=organization)
        audit_record(
            action=AuditAction.ROLE_GRANT,
            actor=by,
            object_type="user",
            object_id=user.pk,
            detail={"role": role.value, "organization": organization.code, "username": user.username},
        )
    return user


def role_revoke(*, user: User, role: Role, organization: Organization, by: User | None) -> User:
    """Take a role on an organization's subtree away from a user."""
    with transaction.atomic():
        remove_role(user=user, role=role, organization=organization)
        audit_record(
            action=AuditAction.ROLE_REVOKE,
            actor=by,
            object_type="user",
            object_id=user.pk,
            detail={"role": role.value, "organization": organization.code, "username": user.username},
        )
    return user
