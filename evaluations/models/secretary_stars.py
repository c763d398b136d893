"""Secretaries' star management (书记星级化管理, Jinyuan, seed 001): the rule set, each year's star record of a person,
the changes to it (base, added, reduced and removed stars) with their evidence, the yearly cycle and its filing,
and the supervision of low-star secretaries.

A person is named by the keyed hash of their ID-card number, so the record follows them from one tenure (and
organization) to the next; ``secretary`` is the tenure the change was made in, the scope anchor of every door.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.common import EvidenceFileFields, ProposalFields
from evaluations.rules.annual_assessment import AnnualAssessmentRule
from orgs.free_text import FreeTextCharField, FreeTextField
from orgs.models import Organization, Secretary, User
from scoring.models import IndicatorTemplate


class StarRuleKind(models.TextChoices):
    """定星, 增星, 降星 and 摘星 (seed 001: "定""增""降", and 随时摘星 for a serious problem)."""

    BASE = "base", _("Base stars")
    ADDED = "added", _("Added stars")
    REDUCED = "reduced", _("Reduced stars")
    REMOVED = "removed", _("Stars removed at any time")


class SecretaryStarRuleSet(models.Model):
    """The rules of one district's star management, loaded from fixtures/ and editable in the admin."""

    code = models.CharField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    source = FreeTextField(_("source and defaults"), blank=True)
    max_stars = models.PositiveSmallIntegerField(_("most stars"), default=10)
    honour_stars_at_least = models.PositiveSmallIntegerField(_("honour candidates from (stars)"), default=7)
    supervision_stars_at_most = models.PositiveSmallIntegerField(_("supervision up to (stars)"), default=2)
    rectification_days = models.PositiveSmallIntegerField(_("rectification deadline (days)"), default=90)
    is_active = models.BooleanField(_("in use"), default=True)
    # The annual assessment from the quarterly scoring (seed 001 gives no numbers: documented defaults).
    annual_quarters_required = models.PositiveSmallIntegerField(
        _("quarters needed for the annual assessment"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    annual_excellent_from = models.DecimalField(
        _("annual assessment excellent from (of 100)"), max_digits=5, decimal_places=2, default=Decimal(90)
    )
    annual_good_from = models.DecimalField(
        _("annual assessment good from (of 100)"), max_digits=5, decimal_places=2, default=Decimal(80)
    )
    annual_qualified_from = models.DecimalField(
        _("annual assessment qualified from (of 100)"), max_digits=5, decimal_places=2, default=Decimal(60)
    )
    annual_basically_qualified_from = models.DecimalField(
        _("annual assessment basically qualified from (of 100)"), max_digits=5, decimal_places=2, default=Decimal(50)
    )
    annual_excellent_stars = models.PositiveSmallIntegerField(_("base stars for excellent"), default=3)
    annual_good_stars = models.PositiveSmallIntegerField(_("base stars for good"), default=2)
    annual_qualified_stars = models.PositiveSmallIntegerField(_("base stars for qualified"), default=1)
    annual_poor_reduced_stars = models.PositiveSmallIntegerField(
        _("reduced stars suggested below qualified"), default=1
    )
    annual_base_rule_code = models.CharField(_("base-star rule of the annual assessment"), max_length=32, default="B1")
    annual_poor_rule_code = models.CharField(
        _("reduced-star rule of a poor annual assessment"), max_length=32, default="R01"
    )

    class Meta:
        verbose_name = _("secretary star rule set")
        verbose_name_plural = _("secretary star rule sets")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="secretary_star_rule_set_code_version"),
            models.CheckConstraint(
                condition=Q(supervision_stars_at_most__lt=F("honour_stars_at_least")),
                name="secretary_star_rule_set_bands_apart",
            ),
            models.CheckConstraint(
                condition=Q(annual_quarters_required__gte=1, annual_quarters_required__lte=4),
                name="secretary_star_rule_set_annual_quarters_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(annual_excellent_from__gt=F("annual_good_from"))
                & Q(annual_good_from__gt=F("annual_qualified_from"))
                & Q(annual_qualified_from__gte=F("annual_basically_qualified_from")),
                name="secretary_star_rule_set_annual_grades_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def annual_assessment_rule(self) -> AnnualAssessmentRule:
        """The thresholds and stars of the annual assessment, as the pure rule takes them."""
        return AnnualAssessmentRule(
            quarters_required=self.annual_quarters_required,
            excellent_from=self.annual_excellent_from,
            good_from=self.annual_good_from,
            qualified_from=self.annual_qualified_from,
            basically_qualified_from=self.annual_basically_qualified_from,
            excellent_stars=self.annual_excellent_stars,
            good_stars=self.annual_good_stars,
            qualified_stars=self.annual_qualified_stars,
            poor_reduced_stars=self.annual_poor_reduced_stars,
        )


class SecretaryStarRule(models.Model):
    """One way to gain or lose stars: its kind, a code, the name the seed gives it and how many stars at most."""

    rule_set = models.ForeignKey(
        SecretaryStarRuleSet, on_delete=models.CASCADE, related_name="rules", verbose_name=_("rule set")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=StarRuleKind.choices)
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    stars = models.PositiveSmallIntegerField(_("stars at most"), default=1)
    # Added stars that count for the 1,000 yuan per education-upgrade star (seed 001).
    is_education_upgrade = models.BooleanField(_("education upgrade"), default=False)
    note = FreeTextCharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("secretary star rule")
        verbose_name_plural = _("secretary star rules")
        ordering = ["rule_set", "kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="secretary_star_rule_unique_code"),
            models.CheckConstraint(condition=Q(stars__gte=1), name="secretary_star_rule_stars_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SecretaryStarYear(models.Model):
    """A person's star record for one year: the tenure they held and, once filed, the frozen level."""

    person_key = models.CharField(_("person"), max_length=64, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    secretary = models.ForeignKey(
        Secretary, on_delete=models.PROTECT, related_name="star_years", verbose_name=_("secretary")
    )
    rule_set = models.ForeignKey(
        SecretaryStarRuleSet, on_delete=models.PROTECT, related_name="years", verbose_name=_("rule set")
    )
    filed_level = models.PositiveSmallIntegerField(_("filed star level"), null=True, blank=True)

    class Meta:
        verbose_name = _("secretary star record")
        verbose_name_plural = _("secretary star records")
        ordering = ["-year", "secretary"]
        constraints = [
            models.UniqueConstraint(fields=["person_key", "year"], name="secretary_star_year_unique_person"),
        ]
        indexes = [models.Index(fields=["year", "secretary"], name="secretary_star_year_tenure")]

    def __str__(self) -> str:
        return f"{self.secretary.name} {self.year}"


class StarChangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    UNDONE = "undone", _("Undone")


class SecretaryStarChange(ProposalFields):
    """Stars set, added, reduced or removed in one year's record, effective from a date; proposed by the street and
    approved by the district, or removed by the district at once. Undoing keeps the row and says why."""

    record = models.ForeignKey(
        SecretaryStarYear, on_delete=models.CASCADE, related_name="changes", verbose_name=_("star record")
    )
    secretary = models.ForeignKey(
        Secretary, on_delete=models.PROTECT, related_name="star_changes", verbose_name=_("secretary")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=StarRuleKind.choices)
    rule = models.ForeignKey(
        SecretaryStarRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("rule"),
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    effective_on = models.DateField(_("effective from"))
    reason = FreeTextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=8, choices=StarChangeStatus.choices, default=StarChangeStatus.PROPOSED
    )
    undone_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("undone by")
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undo_reason = FreeTextField(_("reason for undoing"), blank=True)
    # A proposal made from the annual assessment keeps the computation it came from (quarters, mean, grade); a
    # rerun of the assessment updates such a proposal while it is still undecided, never one made by hand.
    assessment = models.JSONField(_("annual assessment computed"), default=dict, blank=True)

    class Meta:
        verbose_name = _("secretary star change")
        verbose_name_plural = _("secretary star changes")
        ordering = ["record", "effective_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1), name="secretary_star_change_stars_positive"),
            models.CheckConstraint(
                condition=Q(kind=StarRuleKind.REMOVED) | Q(rule__isnull=False),
                name="secretary_star_change_rule_unless_removed",
            ),
            models.CheckConstraint(
                condition=~Q(status=StarChangeStatus.UNDONE) | ~Q(undo_reason=""),
                name="secretary_star_change_undo_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"], name="secretary_star_change_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.stars}"

    @property
    def delta(self) -> int:
        """The signed number of stars: base and added count up, reduced and removed count down."""
        return self.stars if self.kind in (StarRuleKind.BASE, StarRuleKind.ADDED) else -self.stars


def star_evidence_path(instance: "SecretaryStarEvidence", filename: str) -> str:
    return f"secretary-stars/{instance.change.record.year}/{instance.change_id}/{filename}"


class SecretaryStarEvidence(EvidenceFileFields):
    """A file that supports a star change (minutes, a diploma, an investigation report)."""

    change = models.ForeignKey(
        SecretaryStarChange, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("star change")
    )
    file = models.FileField(_("file"), upload_to=star_evidence_path)

    class Meta:
        verbose_name = _("star change evidence")
        verbose_name_plural = _("star change evidence")
        ordering = ["change", "uploaded_at", "pk"]


class SecretaryStarCycle(models.Model):
    """The six steps of one year (制定指标, 动员培训, 季度考评, 年度考核, 星级评定, 备案管理) in one district;
    filing (备案) freezes the approved levels in ``filed_levels`` and nothing changes them afterwards."""

    scope = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="secretary_star_cycles", verbose_name=_("scope")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rule_set = models.ForeignKey(
        SecretaryStarRuleSet, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("rule set")
    )
    template = models.ForeignKey(
        IndicatorTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator template"),
    )
    trained_on = models.DateField(_("mobilisation and training held on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("star levels approved at"), null=True, blank=True)
    filed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("filed by")
    )
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    filed_levels = models.JSONField(_("filed star levels"), default=list, blank=True)

    class Meta:
        verbose_name = _("secretary star year cycle")
        verbose_name_plural = _("secretary star year cycles")
        ordering = ["-year", "scope"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "year"], name="secretary_star_cycle_unique_year"),
            models.CheckConstraint(
                condition=Q(filed_at__isnull=True) | Q(approved_at__isnull=False),
                name="secretary_star_cycle_filed_after_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.year}"


class SecretarySupervision(models.Model):
    """A low-star secretary put under admonition supervision (诫勉监督) with a rectification deadline (seed 001:
    任期内星级较低的, 由区委组织部进行诫勉监督、责令限期整改提升)."""

    person_key = models.CharField(_("person"), max_length=64, db_index=True)
    secretary = models.ForeignKey(
        Secretary, on_delete=models.PROTECT, related_name="supervisions", verbose_name=_("secretary")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    star_level = models.PositiveSmallIntegerField(_("star level"))
    deadline = models.DateField(_("rectification deadline"))
    note = FreeTextField(_("note"), blank=True)
    set_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("set by")
    )
    set_at = models.DateTimeField(_("set at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("admonition supervision")
        verbose_name_plural = _("admonition supervisions")
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person_key", "year"], name="secretary_supervision_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.secretary.name} {self.year}"
