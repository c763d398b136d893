"""The roles of StarRating, declared once: their names and their Chinese labels. Pure: no database."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    DISTRICT_ADMIN = "district_admin"
    DISTRICT_APPROVER = "district_approver"
    DEPARTMENT_REVIEWER = "department_reviewer"
    STREET_STAFF = "street_staff"
    ORG_ADMIN = "org_admin"
    MEMBER = "member"


ROLE_LABELS = {
    Role.DISTRICT_ADMIN: _("District administrator"),
    Role.DISTRICT_APPROVER: _("District committee approver"),
    Role.DEPARTMENT_REVIEWER: _("District department reviewer"),
    Role.STREET_STAFF: _("Street office staff"),
    Role.ORG_ADMIN: _("Organization administrator"),
    Role.MEMBER: _("Party member"),
}

# A role is granted as the guardian permission ``orgs.role_<role>`` on an organization (see orgs.permissions).
ROLE_CODENAME_PREFIX = "role_"


def role_codename(role: Role) -> str:
    return f"{ROLE_CODENAME_PREFIX}{role.value}"


def role_of_codename(codename: str) -> Role:
    return Role(codename.removeprefix(ROLE_CODENAME_PREFIX))


# The roles that act at a stage of a campaign, from the community up (a member acts in votes, not at a stage).
STAGE_ACTOR_ROLES = (
    Role.ORG_ADMIN,
    Role.STREET_STAFF,
    Role.DEPARTMENT_REVIEWER,
    Role.DISTRICT_ADMIN,
    Role.DISTRICT_APPROVER,
)
STAGE_ACTOR_ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in STAGE_ACTOR_ROLES]
