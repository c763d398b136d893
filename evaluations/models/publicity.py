"""Publicity (公示) and the objections (异议) filed during it."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models.evaluations import Evaluation
from orgs.free_text import FreeTextCharField, FreeTextField
from orgs.models import User


class Objection(models.Model):
    """An objection (异议) filed on the public publicity page, and the street's answer kept with it."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="objections", verbose_name=_("evaluation")
    )
    text = FreeTextField(_("objection"))
    name = FreeTextCharField(_("name"), max_length=50, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    answer = FreeTextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["evaluation", "filed_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="objection_text_required"),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""), name="objection_answer_text_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.filed_at:%Y-%m-%d}"
