"""Who is evaluated and who may act: the organization tree, people, accounts, grants, audit and roster imports,
one module per concern, re-exported here."""

from orgs.models.accounts import Department, OrganizationUserObjectPermission, User
from orgs.models.audit import AUDIT_ACTION_LABELS, AuditAction, AuditEvent, AuditEventQuerySet, AuditOutcome
from orgs.models.imports import ImportJob, ImportStatus, RosterKind
from orgs.models.organizations import LEVEL_ORDER, Domain, Level, Organization, OrgType
from orgs.models.people import CommitteeTerm, Education, Gender, Member, MemberCategory, MemberStatus, Secretary

__all__ = [
    "AUDIT_ACTION_LABELS",
    "LEVEL_ORDER",
    "AuditAction",
    "AuditEvent",
    "AuditEventQuerySet",
    "AuditOutcome",
    "CommitteeTerm",
    "Department",
    "Domain",
    "Education",
    "Gender",
    "ImportJob",
    "ImportStatus",
    "Level",
    "Member",
    "MemberCategory",
    "MemberStatus",
    "OrgType",
    "Organization",
    "OrganizationUserObjectPermission",
    "RosterKind",
    "Secretary",
    "User",
]
