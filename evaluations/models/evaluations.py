"""Evaluations: one subject in one campaign, where it stands, how it moved, and its computed result."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models.campaigns import Campaign, CampaignStage, Stage, SubjectKind
from evaluations.rules.workflow import ACTION_LABELS
from orgs.free_text import FreeTextField, MaskedJSONField
from orgs.models import Member, Organization, Secretary, User
from scoring.models import IndicatorTemplate


class EvaluationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn from the rating")


class Evaluation(models.Model):
    """One subject in one campaign, scored on the template version frozen when the campaign opened.

    The subject is the organization itself, or a secretary or a member: then the organization is the scope anchor
    (the secretary's organization, the member's branch) that scoping, chunking by street and rankings use, and the
    result belongs to the person (a secretary's results follow the person through later tenures).
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("campaign")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("organization")
    )
    # A copy of the campaign's subject kind, so that the database can hold exactly one subject of that kind.
    subject_kind = models.CharField(
        _("subject"), max_length=16, choices=SubjectKind.choices, default=SubjectKind.ORGANIZATION
    )
    secretary = models.ForeignKey(
        Secretary,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("secretary"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="evaluations", verbose_name=_("member")
    )
    template = models.ForeignKey(
        IndicatorTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator template")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EvaluationStatus.choices, default=EvaluationStatus.IN_PROGRESS
    )
    stage = models.ForeignKey(
        "evaluations.CampaignStage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("stage"),
    )
    stage_entered_at = models.DateTimeField(_("stage entered at"), null=True, blank=True)
    declared_stars = models.PositiveSmallIntegerField(_("declared stars"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    approved_stars = models.PositiveSmallIntegerField(_("approved stars"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    withdrawn_reason = FreeTextField(_("why it is withdrawn"), blank=True)
    withdrawn_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("withdrawn by")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["campaign", "organization__path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject_kind=SubjectKind.ORGANIZATION, secretary__isnull=True, member__isnull=True)
                | Q(subject_kind=SubjectKind.SECRETARY, secretary__isnull=False, member__isnull=True)
                | Q(subject_kind=SubjectKind.MEMBER, member__isnull=False, secretary__isnull=True),
                name="evaluation_one_subject_of_its_kind",
            ),
            models.UniqueConstraint(
                fields=["campaign", "organization"],
                condition=Q(subject_kind=SubjectKind.ORGANIZATION),
                name="evaluation_unique_organization",
            ),
            models.UniqueConstraint(
                fields=["campaign", "secretary"],
                condition=Q(secretary__isnull=False),
                name="evaluation_unique_secretary",
            ),
            models.UniqueConstraint(
                fields=["campaign", "member"], condition=Q(member__isnull=False), name="evaluation_unique_member"
            ),
            models.CheckConstraint(
                condition=Q(declared_stars__isnull=True) | Q(declared_stars__lte=5), name="evaluation_declared_0_to_5"
            ),
            models.CheckConstraint(
                condition=~Q(status=EvaluationStatus.APPROVED) | Q(approved_stars__isnull=False, approved_stars__lte=5),
                name="evaluation_approved_has_stars",
            ),
            models.CheckConstraint(
                condition=~Q(status=EvaluationStatus.WITHDRAWN) | ~Q(withdrawn_reason=""),
                name="evaluation_withdrawn_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.subject_name}"

    @property
    def subject_name(self) -> str:
        """Who is rated, as the pages name it: the organization, or the person with their organization."""
        if self.subject_kind == SubjectKind.SECRETARY and self.secretary_id:
            return f"{self.secretary.name}（{self.organization.name}）"
        if self.subject_kind == SubjectKind.MEMBER and self.member_id:
            return f"{self.member.name}（{self.organization.name}）"
        return self.organization.name

    @property
    def is_approved(self) -> bool:
        return self.status == EvaluationStatus.APPROVED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == EvaluationStatus.WITHDRAWN


class EvaluationResult(models.Model):
    """The engine's result for one evaluation, its explanation, and a fingerprint of the inputs it used."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="result", verbose_name=_("evaluation")
    )
    stage = models.CharField(_("scores of stage"), max_length=16, choices=Stage.choices)
    stars = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True)
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2)
    points_max = models.DecimalField(_("maximum"), max_digits=7, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=16, blank=True)
    explanation = MaskedJSONField(_("explanation"), default=dict)
    inputs_fingerprint = models.CharField(_("inputs fingerprint"), max_length=64)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        constraints = [
            models.CheckConstraint(condition=Q(stars__isnull=True) | Q(stars__lte=5), name="result_stars_0_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.stars}"

    @property
    def weighted_parts(self) -> dict[str, Decimal] | None:
        """Yantian (seed 003): the indicator and evaluation scores (of 100) and their weights behind a weighted
        total; None under another scheme or before the evaluation by the rater groups."""
        plain = (self.explanation or {}).get("result") or {}
        if plain.get("weighted_score") is None:
            return None
        names = ("indicator_score", "indicator_weight", "evaluation_score", "evaluation_weight")
        return {name: Decimal(plain[name]) for name in names}


class Transition(models.Model):
    """A move of an evaluation between stages: who, when, from where to where, why. Never changed."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("evaluation")
    )
    action = models.CharField(_("action"), max_length=16, choices=list(ACTION_LABELS.items()))
    from_stage = models.ForeignKey(
        CampaignStage, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("from stage")
    )
    to_stage = models.ForeignKey(
        CampaignStage, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("to stage")
    )
    approved = models.BooleanField(_("approved"), default=False)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    reason = FreeTextField(_("reason"), blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["evaluation", "at", "pk"]
        indexes = [models.Index(fields=["evaluation", "at"], name="transition_evaluation_at")]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.action}"
