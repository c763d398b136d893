"""The pioneer index (先锋指数, Lengshuijiang, seed 004): a member's self-evaluation and branch review sheets, and the
member's grade, computed, made public and then final."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.evaluations import Evaluation
from orgs.free_text import FreeTextField
from orgs.models import User
from scoring.pioneer import MemberGradeCode


class MemberGrade(models.TextChoices):
    """The four grades of the pioneer index (seed 004), best first."""

    EXCELLENT = MemberGradeCode.EXCELLENT.value, _("Excellent party member")
    QUALIFIED = MemberGradeCode.QUALIFIED.value, _("Qualified party member")
    BASICALLY_QUALIFIED = MemberGradeCode.BASICALLY_QUALIFIED.value, _("Basically qualified party member")
    UNQUALIFIED = MemberGradeCode.UNQUALIFIED.value, _("Unqualified party member")


class PioneerSheetStage(models.TextChoices):
    SELF_EVALUATION = "self_evaluation", _("Self-evaluation")
    BRANCH_REVIEW = "branch_review", _("Branch review")


class PioneerSheet(models.Model):
    """The points a member gives themself (self-evaluation) or the branch committee gives (branch review), item by
    item, with the deductions, and the member's statement or the committee's reason."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="pioneer_sheets", verbose_name=_("evaluation")
    )
    stage = models.CharField(_("stage"), max_length=16, choices=PioneerSheetStage.choices)
    points = models.JSONField(_("points per item"), default=dict, blank=True)
    deductions = models.JSONField(_("deductions per item"), default=dict, blank=True)
    statement = FreeTextField(_("statement or reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("pioneer index sheet")
        verbose_name_plural = _("pioneer index sheets")
        ordering = ["evaluation", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "stage"], name="pioneer_sheet_one_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.stage}"


class PioneerResult(models.Model):
    """A member's pioneer-index result: the final points, the grade and what decided it. The grade is public during
    the publicity and final once ``finalized_at`` is set; follow-up (commendation, paired help, disposal) reads it."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="pioneer_result", verbose_name=_("evaluation")
    )
    final_points = models.DecimalField(_("final points"), max_digits=6, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=24, choices=MemberGrade.choices)
    decided_by = models.CharField(_("decided by"), max_length=64, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    finalized_at = models.DateTimeField(_("final since"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("made final by")
    )

    class Meta:
        verbose_name = _("pioneer index result")
        verbose_name_plural = _("pioneer index results")
        ordering = ["evaluation"]
        indexes = [models.Index(fields=["grade"], name="pioneer_result_grade")]
        constraints = [
            models.CheckConstraint(
                condition=Q(final_points__gte=0) & Q(final_points__lte=100), name="pioneer_result_points_0_to_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.grade}"

    @property
    def is_final(self) -> bool:
        return self.finalized_at is not None
