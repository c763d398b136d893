"""The recommended list (建议名单), its entries, and the Suxian quota penalties of streets."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.campaigns import Campaign
from evaluations.models.evaluations import Evaluation
from orgs.free_text import FreeTextField
from orgs.models import Organization, User


class QuotaPenalty(models.Model):
    """Suxian rule: a street weak in routine assessment loses 3–5 points of its share of top-grade places."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="quota_penalties", verbose_name=_("campaign")
    )
    street = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("street"))
    points = models.DecimalField(_("points lost"), max_digits=4, decimal_places=1)
    reason = FreeTextField(_("reason"))

    class Meta:
        verbose_name = _("quota penalty")
        verbose_name_plural = _("quota penalties")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "street"], name="quota_penalty_unique_street"),
            models.CheckConstraint(condition=Q(points__gte=3, points__lte=5), name="quota_penalty_3_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.street_id} −{self.points}"


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")


class RecommendedList(models.Model):
    """One batch (第 N 批) of the recommended list (建议名单): the organizations ready for approval when the district
    organization department built it, approved by the committee as streets finish; one batch is open at a time."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="recommended_lists", verbose_name=_("campaign")
    )
    number = models.PositiveSmallIntegerField(_("batch"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=RecommendationStatus.choices, default=RecommendationStatus.DRAFT
    )
    five_star_cap = models.DecimalField(_("share of five stars at most (%)"), max_digits=5, decimal_places=1)
    checks = models.JSONField(_("checks"), default=dict)
    lock_version = models.PositiveIntegerField(_("version"), default=0)
    built_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("built by")
    )
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommended list")
        verbose_name_plural = _("recommended lists")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="recommended_list_unique_batch_number"),
            models.UniqueConstraint(
                fields=["campaign"],
                condition=~Q(status=RecommendationStatus.APPROVED),
                name="recommended_list_one_open_batch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} #{self.number} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status != RecommendationStatus.APPROVED


class RecommendedEntry(models.Model):
    """One organization on the recommended list: its rank, total and the stars proposed for approval."""

    recommended_list = models.ForeignKey(
        RecommendedList, on_delete=models.CASCADE, related_name="entries", verbose_name=_("recommended list")
    )
    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="recommendation", verbose_name=_("evaluation")
    )
    rank = models.PositiveIntegerField(_("rank"))
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2)
    computed_stars = models.PositiveSmallIntegerField(_("computed stars"))
    stars = models.PositiveSmallIntegerField(_("proposed stars"))
    note = FreeTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("recommended entry")
        verbose_name_plural = _("recommended entries")
        ordering = ["recommended_list", "rank"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__lte=5) & Q(computed_stars__lte=5), name="entry_stars_0_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.evaluation_id}"
