"""Scores per stage (自评, 复核), evidence, veto items hit, how each item was checked, and the history of changes."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models.campaigns import PersonalizedItem, Stage
from evaluations.models.common import EvidenceFileFields
from evaluations.models.evaluations import Evaluation
from orgs.free_text import FreeTextField
from orgs.models import User
from scoring.models import IndicatorItem


def evidence_path(instance: "Evidence", filename: str) -> str:
    return f"evidence/{instance.evaluation.campaign_id}/{instance.evaluation_id}/{filename}"


class Score(models.Model):
    """The points one stage gave one leaf of an evaluation: a template item or a personalised sub-item."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="scores", verbose_name=_("evaluation")
    )
    item = models.ForeignKey(
        IndicatorItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("item")
    )
    personalized_item = models.ForeignKey(
        PersonalizedItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scores",
        verbose_name=_("personalised sub-item"),
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    note = FreeTextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False, personalized_item__isnull=True)
                | Q(item__isnull=True, personalized_item__isnull=False),
                name="score_one_item",
            ),
            models.UniqueConstraint(
                fields=["evaluation", "item", "stage"], condition=Q(item__isnull=False), name="score_unique_item"
            ),
            models.UniqueConstraint(
                fields=["evaluation", "personalized_item", "stage"],
                condition=Q(personalized_item__isnull=False),
                name="score_unique_personalized_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.stage} {self.points}"


class Evidence(EvidenceFileFields):
    """A file that supports the points of one item (台账, photos, minutes); type and size are limited on upload."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("evaluation")
    )
    item = models.ForeignKey(
        IndicatorItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("item")
    )
    personalized_item = models.ForeignKey(
        PersonalizedItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("personalised sub-item"),
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    file = models.FileField(_("file"), upload_to=evidence_path)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["evaluation", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False, personalized_item__isnull=True)
                | Q(item__isnull=True, personalized_item__isnull=False),
                name="evidence_one_item",
            ),
        ]


class VetoHit(models.Model):
    """A veto item (否定项) that one stage found hit, with the note that says why."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="veto_hits", verbose_name=_("evaluation")
    )
    veto_item = models.ForeignKey(
        IndicatorItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("veto item")
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    note = FreeTextField(_("note"))
    marked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("marked by")
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)

    class Meta:
        verbose_name = _("veto item hit")
        verbose_name_plural = _("veto items hit")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "veto_item", "stage"], name="veto_hit_unique"),
            models.CheckConstraint(condition=~Q(note=""), name="veto_hit_note_required"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.veto_item_id}"


class ScoreChangeKind(models.TextChoices):
    POINTS = "points", _("Points")
    VETO = "veto", _("Veto item")


class ScoreChange(models.Model):
    """One change of one item's points (or one veto item) at one stage: from what to what, by whom, when."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="score_changes", verbose_name=_("evaluation")
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=ScoreChangeKind.choices, default=ScoreChangeKind.POINTS)
    code = models.CharField(_("code"), max_length=64)
    old_value = models.CharField(_("from"), max_length=32, blank=True)
    new_value = models.CharField(_("to"), max_length=32, blank=True)
    note = FreeTextField(_("note"), blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")
        ordering = ["evaluation", "at", "pk"]
        indexes = [models.Index(fields=["evaluation", "at"], name="score_change_evaluation_at")]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.code}: {self.old_value} → {self.new_value}"


class CheckMethod(models.TextChoices):
    ON_SITE = "on_site", _("On-site inspection")
    DOCUMENTS = "documents", _("Document review")
    INTERVIEW = "interview", _("Interview")


class ReviewCheck(models.Model):
    """How the street checked one item of an evaluation in its review (实地查看, 查阅资料, 个别访谈)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="review_checks", verbose_name=_("evaluation")
    )
    code = models.CharField(_("code"), max_length=64)
    methods = models.JSONField(_("how it was checked"), default=list)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review check")
        verbose_name_plural = _("review checks")
        constraints = [models.UniqueConstraint(fields=["evaluation", "code"], name="review_check_unique_code")]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.code}"
