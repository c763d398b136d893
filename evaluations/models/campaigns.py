"""Campaigns (评星定级活动), their evaluations, the scores per stage, evidence, vetoes hit and computed results."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from orgs.models import Department, Organization, User
from scoring.models import IndicatorItem, IndicatorTemplate


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Campaign(models.Model):
    """A campaign rates the organizations of a scope chosen by level, domain and org type, on one template version."""

    name = models.CharField(_("name"), max_length=200)
    template = models.ForeignKey(
        IndicatorTemplate, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("indicator template")
    )
    scope = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("scope"))
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    year = models.PositiveSmallIntegerField(_("year"))
    period_number = models.PositiveSmallIntegerField(_("quarter or month"), null=True, blank=True)
    # The participation rule: empty means any.
    levels = models.JSONField(_("levels taking part"), default=list, blank=True)
    domains = models.JSONField(_("domains taking part"), default=list, blank=True)
    org_types = models.JSONField(_("organization types taking part"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    procedure = models.CharField(_("procedure"), max_length=16, default="yucheng")
    departments = models.ManyToManyField(
        Department, blank=True, related_name="campaigns", verbose_name=_("departments consulted")
    )
    # Editable default: at most this share of the organizations may be approved with five stars.
    five_star_cap = models.DecimalField(
        _("share of five stars at most (%)"), max_digits=5, decimal_places=1, default=30
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_kind="year", period_number__isnull=True)
                | Q(period_kind="quarter", period_number__gte=1, period_number__lte=4)
                | Q(period_kind="month", period_number__gte=1, period_number__lte=12),
                name="campaign_period_number_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PersonalizedItem(models.Model):
    """A "+1" sub-item that a street sets for one of its communities under an item of a personalised dimension."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="personalized_items", verbose_name=_("campaign")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    parent_code = models.CharField(_("item code"), max_length=64)
    dimension_code = models.CharField(_("dimension code"), max_length=64)
    code = models.CharField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    points_max = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    standard = models.TextField(_("scoring standard"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("personalised sub-item")
        verbose_name_plural = _("personalised sub-items")
        ordering = ["campaign", "organization", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organization", "code"], name="personalized_item_unique_code"),
            models.CheckConstraint(condition=Q(points_max__gt=0), name="personalized_item_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EvaluationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    APPROVED = "approved", _("Approved")


class Evaluation(models.Model):
    """One organization in one campaign, scored on the template version frozen when the campaign opened."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("campaign")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("organization")
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
    lock_version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["campaign", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organization"], name="evaluation_unique_organization"),
            models.CheckConstraint(
                condition=Q(declared_stars__isnull=True) | Q(declared_stars__lte=5), name="evaluation_declared_0_to_5"
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(approved_stars__isnull=False, approved_stars__lte=5),
                name="evaluation_approved_has_stars",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.organization}"


class Stage(models.TextChoices):
    """The stages that record scores or veto items; department vetoes are recorded as consultation."""

    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    REVIEW = "review", _("Review")
    CONSULTATION = "consultation", _("Department opinions")


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
    note = models.TextField(_("note"), blank=True)
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


def evidence_path(instance: "Evidence", filename: str) -> str:
    return f"evidence/{instance.evaluation.campaign_id}/{instance.evaluation_id}/{filename}"


class Evidence(models.Model):
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
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

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

    def __str__(self) -> str:
        return self.original_name


class VetoHit(models.Model):
    """A veto item (否定项) that one stage found hit, with the note that says why."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="veto_hits", verbose_name=_("evaluation")
    )
    veto_item = models.ForeignKey(
        IndicatorItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("veto item")
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    note = models.TextField(_("note"))
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
    explanation = models.JSONField(_("explanation"), default=dict)
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


class ComputationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class CampaignComputation(models.Model):
    """A request to compute a campaign; a task claims it with a conditional update, so one run does the work."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="computations", verbose_name=_("campaign")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ComputationStatus.choices, default=ComputationStatus.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    evaluations_count = models.PositiveIntegerField(_("evaluations"), default=0)
    results_written = models.PositiveIntegerField(_("results written"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("campaign computation")
        verbose_name_plural = _("campaign computations")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # At most one request waits per campaign: more changes while it waits join it.
            models.UniqueConstraint(
                fields=["campaign"], condition=Q(status="pending"), name="computation_one_pending_per_campaign"
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="computation_finished_after_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.status}"
