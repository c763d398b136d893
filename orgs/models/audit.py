"""The audit trail: orgs' own audit actions and their labels, and the append-only audit events."""

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.audit_labels import AUDIT_ACTION_MAX_LENGTH, audit_action_label
from orgs.free_text import MaskedJSONField
from orgs.models.accounts import User


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
