"""Rectification to close-out (整改销号, Yantian, seed 003): a case over one organization with its owner, tasks and
deadline; the progress the organization reports with evidence; every step in the case's history.

A case may come from elsewhere in the system (a consequence of a rating): ``source_kind`` and ``source_id`` name
it without a foreign key, so that whatever opens cases needs no change here, and ``source_text`` says it in words.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.common import EvidenceFileFields
from evaluations.rules.rectification import (
    CASE_KIND_LABELS,
    CASE_STATUS_LABELS,
    CASE_STEP_LABELS,
    CaseKind,
    CaseStatus,
)
from orgs.free_text import FreeTextCharField, FreeTextField
from orgs.models import Organization, User


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(key.value, label) for key, label in labels.items()]


class RectificationCase(models.Model):
    """One case (整改事项): what is to be put right in an organization, by whom and by when."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="rectification_cases", verbose_name=_("organization")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=_choices(CASE_KIND_LABELS))
    year = models.PositiveSmallIntegerField(_("year"))
    title = FreeTextCharField(_("title"), max_length=200)
    description = FreeTextField(_("problem description"))
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("owner account")
    )
    owner_name = FreeTextCharField(_("owner"), max_length=100)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=_choices(CASE_STATUS_LABELS), default=CaseStatus.OPEN.value
    )
    source_kind = models.CharField(_("source kind"), max_length=32, blank=True)
    source_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source_text = FreeTextCharField(_("source"), max_length=300, blank=True)
    opened_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed out at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    cancelled_reason = models.TextField(_("why it is withdrawn"), blank=True)
    # The deadline for which the owner was reminded, and the level above told, that the case is overdue: once each.
    reminded_for = models.DateField(_("overdue reminder sent for"), null=True, blank=True)
    escalated_for = models.DateField(_("overdue escalation sent for"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("rectification case")
        verbose_name_plural = _("rectification cases")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="rectification_status_deadline"),
            models.Index(fields=["year", "status"], name="rectification_year_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(source_kind="", source_id__isnull=True) | (~Q(source_kind="") & Q(source_id__isnull=False)),
                name="rectification_source_whole",
            ),
            models.CheckConstraint(
                condition=~Q(kind=CaseKind.CONSEQUENCE.value) | ~Q(source_kind=""),
                name="rectification_consequence_has_source",
            ),
            models.UniqueConstraint(
                fields=["source_kind", "source_id"],
                condition=Q(source_id__isnull=False),
                name="rectification_one_case_per_source",
            ),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.CLOSED.value) | Q(closed_at__isnull=False),
                name="rectification_closed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.CANCELLED.value) | Q(cancelled_at__isnull=False),
                name="rectification_cancelled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RectificationTask(models.Model):
    """One task of a case (整改任务), ticked off by the organization as it reports progress."""

    case = models.ForeignKey(RectificationCase, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("case"))
    order = models.PositiveSmallIntegerField(_("order"))
    text = FreeTextCharField(_("task"), max_length=300)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rectification task")
        verbose_name_plural = _("rectification tasks")
        ordering = ["case", "order"]
        constraints = [models.UniqueConstraint(fields=["case", "order"], name="rectification_task_order")]

    def __str__(self) -> str:
        return self.text


class RectificationEvent(models.Model):
    """One step in the history of a case: who, when, what, from which status to which, and the note or reason.
    Never changed; a progress report carries its evidence files."""

    case = models.ForeignKey(RectificationCase, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))
    step = models.CharField(_("step"), max_length=16, choices=_choices(CASE_STEP_LABELS))
    from_status = models.CharField(_("from"), max_length=16, choices=_choices(CASE_STATUS_LABELS), blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=_choices(CASE_STATUS_LABELS), blank=True)
    text = FreeTextField(_("note or reason"), blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rectification step")
        verbose_name_plural = _("rectification steps")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.step}"


def rectification_evidence_path(instance: "RectificationEvidence", filename: str) -> str:
    return f"rectification/{instance.event.case_id}/{filename}"


class RectificationEvidence(EvidenceFileFields):
    """A file that shows the progress reported (photos, minutes, a notice), checked like every evidence file."""

    event = models.ForeignKey(
        RectificationEvent, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("step")
    )
    file = models.FileField(_("file"), upload_to=rectification_evidence_path)

    class Meta:
        verbose_name = _("rectification evidence")
        verbose_name_plural = _("rectification evidence")
        ordering = ["event", "pk"]
