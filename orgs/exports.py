"""Roster exports (organizations, members, secretaries) on the shared export base: masked, as typed."""

from collections.abc import Iterator
from typing import ClassVar

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from orgs.models import AuditAction, Domain, Education, Level, Organization, OrgType, RosterKind, User
from orgs.permissions import members_visible_to, organizations_visible_to, secretaries_visible_to
from orgs.services.audit import audit_record
from orgs.tree import STEPLEN
from starrating.exports import TableExport


def _label(choices: type, value: str) -> str:
    return str(choices(value).label) if value else ""


class RosterExport(TableExport):
    """An export of what a user sees, optionally limited to one organization's subtree. The headers are the
    import headers, so an export can be edited and imported again."""

    title: ClassVar[str]

    def __init__(self, *, user: User, organization: Organization | None = None):
        super().__init__()
        self.user = user
        self.organization = organization

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def file_stem(self) -> str:
        return f"{self.kind}-{self.organization.code}" if self.organization else self.kind


class OrganizationExport(RosterExport):
    kind = RosterKind.ORGANIZATIONS
    title = gettext_lazy("Organizations")
    headers = ("党组织代码", "党组织名称", "上级党组织代码", "层级", "领域", "党组织类型", "是否有效")

    def queryset(self) -> QuerySet:
        organizations = organizations_visible_to(self.user)
        if self.organization is not None:
            organizations = organizations.filter(path__startswith=self.organization.path)
        return organizations.order_by("path")

    def iter_rows(self) -> Iterator[list[object]]:
        organizations = list(
            self.queryset().only("path", "depth", "code", "name", "level", "domain", "org_type", "is_active")
        )
        code_by_path = {org.path: org.code for org in organizations}
        outside = {org.path[:-STEPLEN] for org in organizations if org.depth > 1} - code_by_path.keys()
        code_by_path.update(Organization.objects.filter(path__in=outside).values_list("path", "code"))
        for org in organizations:
            yield [
                org.code,
                org.name,
                code_by_path.get(org.path[:-STEPLEN], "") if org.depth > 1 else "",
                _label(Level, org.level),
                _label(Domain, org.domain),
                _label(OrgType, org.org_type),
                "是" if org.is_active else "否",
            ]


class MemberExport(RosterExport):
    kind = RosterKind.MEMBERS
    title = gettext_lazy("Party members")
    headers = (
        "姓名",
        "性别",
        "出生日期",
        "公民身份号码",
        "入党时间",
        "转正时间",
        "人员类别",
        "所在党支部",
        "党支部名称",
        "联系电话",
        "党员类别",
        "双报到社区",
        "流动党员流出地",
        "流动党员流入地",
    )

    def queryset(self) -> QuerySet:
        members = members_visible_to(self.user)
        if self.organization is not None:
            members = members.filter(branch__path__startswith=self.organization.path)
        return members.select_related("branch", "in_service_community").order_by("branch__path", "name", "pk")

    def iter_rows(self) -> Iterator[list[object]]:
        for member in self.queryset().iterator(chunk_size=2000):
            yield [
                member.name,
                member.get_gender_display(),
                member.birth_date,
                member.id_card_masked,
                member.joined_on,
                member.regularized_on,
                member.get_status_display(),
                member.branch.code,
                member.branch.name,
                member.phone_masked,
                member.get_category_display(),
                member.in_service_community.code if member.in_service_community else "",
                member.floating_origin,
                member.floating_destination,
            ]


class SecretaryExport(RosterExport):
    kind = RosterKind.SECRETARIES
    title = gettext_lazy("Secretaries")
    headers = ("姓名", "公民身份号码", "党组织代码", "党组织名称", "任职时间", "离任时间", "一肩挑", "学历")

    def queryset(self) -> QuerySet:
        secretaries = secretaries_visible_to(self.user)
        if self.organization is not None:
            secretaries = secretaries.filter(organization__path__startswith=self.organization.path)
        return secretaries.select_related("organization").order_by("organization__path", "-started_on", "pk")

    def iter_rows(self) -> Iterator[list[object]]:
        for secretary in self.queryset().iterator(chunk_size=2000):
            yield [
                secretary.name,
                secretary.id_card_masked,
                secretary.organization.code,
                secretary.organization.name,
                secretary.started_on,
                secretary.ended_on,
                "是" if secretary.one_shoulder else "否",
                _label(Education, secretary.education),
            ]


EXPORTS: dict[str, type[RosterExport]] = {
    export.kind: export for export in (OrganizationExport, MemberExport, SecretaryExport)
}


def roster_export(
    *, kind: str, fmt: str, user: User, organization: Organization | None = None, request: HttpRequest | None = None
) -> tuple[str, bytes]:
    """Render one export for a user already checked to hold the export capability; audited."""
    export = EXPORTS[kind](user=user, organization=organization)
    content = export.render(fmt)
    with transaction.atomic():
        audit_record(
            action=AuditAction.EXPORT,
            actor=user,
            object_type="organization" if organization else "",
            object_id=organization.pk if organization else "",
            detail={
                "kind": kind,
                "format": fmt,
                "rows": export.rows_written,
                "organization": organization.code if organization else "",
            },
            request=request,
        )
    return export.filename(fmt), content
