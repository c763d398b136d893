"""Who is evaluated and who may act: the organization tree, people, accounts, grants and audit."""

from enum import StrEnum

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from orgs.audit_labels import AUDIT_ACTION_MAX_LENGTH, audit_action_label
from orgs.free_text import FreeTextCharField, MaskedJSONField
from orgs.roles import ROLE_LABELS, Role, role_codename


class Level(models.TextChoices):
    DISTRICT = "district", _("District committee")
    STREET = "street", _("Street (township) party committee")
    COMMUNITY = "community", _("Community or village party organization")
    BRANCH = "branch", _("Residential (grid) party branch")
    GROUP = "group", _("Building party group")


LEVEL_DEPTH = {Level.DISTRICT: 1, Level.STREET: 2, Level.COMMUNITY: 3, Level.BRANCH: 4, Level.GROUP: 5}


class Domain(models.TextChoices):
    VILLAGE = "village", _("Village")
    URBAN_COMMUNITY = "urban_community", _("Urban community")
    AGENCY_INSTITUTION = "agency_institution", _("Agencies, enterprises and institutions")
    TWO_NEW = "two_new", _("New economic and social organizations")


class OrgType(models.TextChoices):
    """Yantian's five organization types (seed 003)."""

    COMMUNITY = "community", _("Community")
    AGENCY_INSTITUTION = "agency_institution", _("Agency or public institution")
    STATE_ENTERPRISE = "state_enterprise", _("State-owned enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Non-public enterprise")
    SOCIAL_ORGANIZATION = "social_organization", _("Social organization")


class Department(models.Model):
    """A district department consulted in the joint review (纪检, 组织, 宣传, 审计, 信访, 环保 …)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("district department")
        verbose_name_plural = _("district departments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Organization(MP_Node):
    """A party organization; the materialized path makes a subtree one prefix query."""

    code = models.CharField(_("organization code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    domain = models.CharField(_("domain"), max_length=24, choices=Domain.choices, blank=True)
    org_type = models.CharField(_("organization type"), max_length=24, choices=OrgType.choices, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild"])

    class Meta:
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        permissions = [(role_codename(role), ROLE_LABELS[role]) for role in Role]
        indexes = [models.Index(fields=["level", "domain"], name="org_level_domain")]

    def __str__(self) -> str:
        return self.name


class OrganizationUserObjectPermission(UserObjectPermissionBase):
    """A role granted to a user on an organization; it covers the organization's whole subtree."""

    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE, verbose_name=_("organization"))

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("Postgraduate")
    BACHELOR = "bachelor", _("Bachelor's degree")
    COLLEGE = "college", _("College diploma")
    SECONDARY = "secondary", _("Secondary school")
    JUNIOR = "junior", _("Junior school or below")


class CommitteeTerm(models.Model):
    """The term (任期) of an organization's committee, in years."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="terms", verbose_name=_("organization")
    )
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))

    class Meta:
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "start_year"], name="term_unique_start"),
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="term_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class MemberCategory(models.TextChoices):
    """Lengshuijiang's four member categories (seed 004)."""

    VILLAGE_COMMUNITY = "village_community", _("Village and community members")
    AGENCY_INSTITUTION = "agency_institution", _("Agency, enterprise and institution members")
    TWO_NEW = "two_new", _("New-organization members")
    FLOATING = "floating", _("Floating members")


class MemberStatus(models.TextChoices):
    FULL = "full", _("Full member")
    PROBATIONARY = "probationary", _("Probationary member")


class Member(models.Model):
    """A party member. ID-card and phone numbers are encrypted; look-ups go through keyed hashes."""

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    id_card_encrypted = models.TextField(_("ID-card number (encrypted)"))
    id_card_hash = models.CharField(_("ID-card number (keyed hash)"), max_length=64, unique=True)
    id_card_masked = models.CharField(_("ID-card number"), max_length=18)
    phone_encrypted = models.TextField(_("phone (encrypted)"), blank=True)
    phone_hash = models.CharField(_("phone (keyed hash)"), max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("phone"), max_length=16, blank=True)
    branch = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="members", verbose_name=_("party branch")
    )
    category = models.CharField(_("member category"), max_length=24, choices=MemberCategory.choices)
    status = models.CharField(_("member status"), max_length=16, choices=MemberStatus.choices)
    joined_on = models.DateField(_("joined the party on"))
    regularized_on = models.DateField(_("became a full member on"), null=True, blank=True)
    in_service_community = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_in_service_members",
        verbose_name=_("in-service registration community"),
    )
    floating_origin = FreeTextCharField(_("floating from"), max_length=100, blank=True)
    floating_destination = FreeTextCharField(_("floating to"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["id_card_encrypted", "phone_encrypted", "id_card_hash", "phone_hash"])

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["branch", "name"], name="member_branch_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(category=MemberCategory.FLOATING) | (Q(floating_origin="") & Q(floating_destination="")),
                name="member_floating_places_only_when_floating",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_floating(self) -> bool:
        return self.category == MemberCategory.FLOATING


class Secretary(models.Model):
    """A secretary's tenure at one organization (seed 001 rates secretaries, not organizations)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="secretaries", verbose_name=_("organization")
    )
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="tenures", verbose_name=_("member")
    )
    name = models.CharField(_("name"), max_length=50)
    id_card_encrypted = models.TextField(_("ID-card number (encrypted)"))
    id_card_hash = models.CharField(_("ID-card number (keyed hash)"), max_length=64, db_index=True)
    id_card_masked = models.CharField(_("ID-card number"), max_length=18)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    one_shoulder = models.BooleanField(_("one-shoulder"), default=False)
    education = models.CharField(_("education"), max_length=16, choices=Education.choices, blank=True)
    history = HistoricalRecords(excluded_fields=["id_card_encrypted", "id_card_hash"])

    class Meta:
        verbose_name = _("secretary")
        verbose_name_plural = _("secretaries")
        ordering = ["organization", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "id_card_hash", "started_on"], name="secretary_unique_tenure"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="secretary_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.organization}）"


class User(AbstractUser):
    """An account. Roles are grants on organizations (see orgs.permissions), not fields here."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("district department")
    )
    member = models.OneToOneField(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="account", verbose_name=_("member")
    )
    must_change_password = models.BooleanField(_("must change password at next login"), default=False)
    # Where text messages go (notifications by SMS): encrypted at rest, shown masked only (orgs.personal_data).
    mobile_encrypted = models.TextField(_("mobile (encrypted)"), blank=True)
    mobile_masked = models.CharField(_("mobile"), max_length=16, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.full_name or self.username


class AuditAction(StrEnum):
    """The audit actions of orgs. Each app names its own (evaluations/audit.py, scoring/audit.py) and registers
    their labels with orgs.services.audit, so a new action needs no migration of orgs."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    ACCESS_REFUSED = "access_refused"
    IMPORT = "import"
    EXPORT = "export"
    REVEAL = "reveal"
    VIEW_PERSONAL_DATA = "view_personal_data"
    ROLE_GRANT = "role_grant"
    ROLE_REVOKE = "role_revoke"
    PASSWORD_CHANGE = "password_change"  # noqa: S105 (the name of an action, not a password)
    TOKEN_REVOKE = "token_revoke"  # noqa: S105 (the name of an action, not a token)


AUDIT_ACTION_LABELS = {
    AuditAction.LOGIN: _("Login"),
    AuditAction.LOGIN_FAILED: _("Failed login"),
    AuditAction.LOGOUT: _("Logout"),
    AuditAction.ACCESS_REFUSED: _("Refused access"),
    AuditAction.IMPORT: _("Import"),
    AuditAction.EXPORT: _("Export"),
    AuditAction.REVEAL: _("Reveal personal data"),
    AuditAction.VIEW_PERSONAL_DATA: _("View personal data"),
    AuditAction.ROLE_GRANT: _("Role granted"),
    AuditAction.ROLE_REVOKE: _("Role revoked"),
    AuditAction.PASSWORD_CHANGE: _("Password changed"),
    AuditAction.TOKEN_REVOKE: _("API token revoked"),
}


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    REFUSED = "refused", _("Refused")
    FAILURE = "failure", _("Failure")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Audit events cannot be changed."))

    def delete(self):
        raise ValidationError(_("Audit events cannot be deleted."))


class AuditEvent(models.Model):
    """Append-only record of who did what, when, with which outcome. The database refuses changes too."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("actor")
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    # No choices: the actions belong to the apps that record them (see the label registry in orgs/audit_labels.py).
    action = models.CharField(_("action"), max_length=AUDIT_ACTION_MAX_LENGTH)
    outcome = models.CharField(_("outcome"), max_length=16, choices=AuditOutcome.choices)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    detail = MaskedJSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["action", "at"], name="audit_action_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action_label}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("Audit events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Audit events cannot be deleted."))

    @property
    def action_label(self) -> str:
        """The action's label, as the app that owns the action registered it."""
        return audit_action_label(self.action)


class RosterKind(models.TextChoices):
    ORGANIZATIONS = "orgs", _("Organizations")
    MEMBERS = "members", _("Party members")
    SECRETARIES = "secretaries", _("Secretaries")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the file")
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One roster import: its file, its progress, and either its row errors or what it wrote."""

    kind = models.CharField(_("roster kind"), max_length=16, choices=RosterKind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = FreeTextCharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    errors = MaskedJSONField(_("errors"), default=list, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The last sign of life of the background work on the job (queued, claimed, progress): a job checking or
    # running whose sign is older than ROSTER_JOB_LEASE_SECONDS is taken for dead, and taken up again.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    restarts = models.PositiveSmallIntegerField(_("restarts"), default=0)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_running(self) -> bool:
        return self.status == ImportStatus.RUNNING

    @property
    def in_background(self) -> bool:
        """The file is being checked or imported by a worker, or waits for one."""
        queued = self.status == ImportStatus.PENDING and (self.summary or {}).get("queued", False)
        return self.status in (ImportStatus.CHECKING, ImportStatus.RUNNING) or queued

    @property
    def succeeded(self) -> bool:
        return self.status == ImportStatus.SUCCEEDED

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0 if self.status in (ImportStatus.PENDING, ImportStatus.RUNNING) else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))
