"""Fields that several models of the process share: what every stored evidence file (佐证材料) keeps beside the file
itself, and who proposed and who decided a change that the street proposes and the district decides."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.free_text import FreeTextCharField, FreeTextField
from orgs.models import User


class EvidenceFileFields(models.Model):
    """Its name as uploaded, its checked type, its size, and who uploaded it when; the model adds the object the
    file supports and the file."""

    original_name = FreeTextCharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class ProposalFields(models.Model):
    """Proposed by whom and when; decided by whom, when, and with what note."""

    proposed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by (user)")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = FreeTextField(_("decision note"), blank=True)

    class Meta:
        abstract = True
