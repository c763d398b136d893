"""The joint review (联审, "X+2"): the opinions of district departments."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models.evaluations import Evaluation
from orgs.free_text import FreeTextField
from orgs.models import Department, User
from scoring.models import IndicatorItem


class OpinionKind(models.TextChoices):
    NO_OBJECTION = "no_objection", _("No objection")
    CONCERN = "concern", _("Concern")
    VETO = "veto", _("Veto")


class DepartmentOpinion(models.Model):
    """A district department's opinion on one organization in the joint review ("X+2")."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("evaluation")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("district department")
    )
    kind = models.CharField(_("opinion"), max_length=16, choices=OpinionKind.choices)
    note = FreeTextField(_("note"), blank=True)
    veto_item = models.ForeignKey(
        IndicatorItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("veto item")
    )
    given_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("given by")
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("department opinion")
        verbose_name_plural = _("department opinions")
        ordering = ["evaluation", "department"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "department"], name="opinion_unique_department"),
            models.CheckConstraint(
                condition=~Q(kind=OpinionKind.VETO) | Q(veto_item__isnull=False), name="opinion_veto_names_item"
            ),
            models.CheckConstraint(
                condition=Q(kind=OpinionKind.NO_OBJECTION) | ~Q(note=""), name="opinion_note_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.department_id} {self.kind}"
