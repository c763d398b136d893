"""Roster imports: the kinds of roster, an import's status, and the import job with its progress and errors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.free_text import FreeTextCharField, MaskedJSONField
from orgs.models.accounts import User


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
