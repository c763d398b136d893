"""Campaigns (评星定级活动): what they rate and on which template, their stages, "+1" sub-items and computations."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from evaluations.rules.workflow import STAGE_KIND_LABELS, stage_who_acts
from orgs.free_text import FreeTextCharField, FreeTextField
from orgs.models import Department, Level, Organization, User
from orgs.roles import STAGE_ACTOR_ROLE_CHOICES
from scoring.definitions import Subject
from scoring.models import IndicatorTemplate


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class SubjectKind(models.TextChoices):
    """What a campaign rates; every evaluation keeps an organization as its scope anchor whatever the subject."""

    ORGANIZATION = Subject.ORGANIZATION.value, _("Organizations")
    SECRETARY = Subject.SECRETARY.value, _("Secretaries")
    MEMBER = Subject.MEMBER.value, _("Party members")


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
    subject_kind = models.CharField(
        _("subject"), max_length=16, choices=SubjectKind.choices, default=SubjectKind.ORGANIZATION
    )
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
    # Pioneer index: the member categories rated; empty means the categories of the campaign's templates.
    member_categories = models.JSONField(_("member categories rated"), default=list, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_kind=PeriodKind.YEAR, period_number__isnull=True)
                | Q(period_kind=PeriodKind.QUARTER, period_number__gte=1, period_number__lte=4)
                | Q(period_kind=PeriodKind.MONTH, period_number__gte=1, period_number__lte=12),
                name="campaign_period_number_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_draft(self) -> bool:
        return self.status == CampaignStatus.DRAFT


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
    name = FreeTextCharField(_("name"), max_length=200)
    points_max = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    standard = FreeTextField(_("scoring standard"), blank=True)
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


class ComputationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class CampaignComputation(models.Model):
    """A request to compute a campaign. A task claims it with a conditional update and splits it into streets
    (CampaignComputationStreet) that any number of workers compute at once; the last street finishes it."""

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
                fields=["campaign"],
                condition=Q(status=ComputationStatus.PENDING),
                name="computation_one_pending_per_campaign",
            ),
            # One computation runs per campaign: two never write the same street at once.
            models.UniqueConstraint(
                fields=["campaign"],
                condition=Q(status=ComputationStatus.RUNNING),
                name="computation_one_running_per_campaign",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="computation_finished_after_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.status}"


class Stage(models.TextChoices):
    """The stages that record scores or veto items; department vetoes are recorded as consultation."""

    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    REVIEW = "review", _("Review")
    CONSULTATION = "consultation", _("Department opinions")


class CampaignStage(models.Model):
    """One step of a campaign's procedure: its kind, who acts, the deadline and the least days it lasts."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="stages", verbose_name=_("campaign"))
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=16, choices=list(STAGE_KIND_LABELS.items()))
    actor_role = models.CharField(_("who acts"), max_length=24, choices=STAGE_ACTOR_ROLE_CHOICES)
    actor_level = models.CharField(_("level that acts"), max_length=16, choices=Level.choices, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    min_days = models.PositiveSmallIntegerField(_("least days"), default=0)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["campaign", "order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "order"], name="campaign_stage_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order + 1}. {self.get_kind_display()}"

    @property
    def who_acts(self) -> str:
        return stage_who_acts(self.kind, self.actor_role)
