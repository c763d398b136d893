"""Indicator templates as stored: the validated definition, its source text, and its items flattened into rows."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scoring.definitions import Kind, SchemeName, TreeLevel
from scoring.template_format.reading import template_from_dict


class ItemLevel(models.TextChoices):
    DIMENSION = TreeLevel.DIMENSION.value, _("Dimension")
    ITEM = TreeLevel.ITEM.value, _("Item")
    SUB_ITEM = TreeLevel.SUB_ITEM.value, _("Sub-item")
    VETO = TreeLevel.VETO.value, _("Veto item")


class ItemKind(models.TextChoices):
    POINTS = Kind.POINTS.value, _("Points")
    DEDUCTION = Kind.DEDUCTION.value, _("Deduction")
    BONUS = Kind.BONUS.value, _("Bonus")
    YES_NO = Kind.YES_NO.value, _("Yes or no")


class StarScheme(models.TextChoices):
    DIMENSION_STARS = SchemeName.DIMENSION_STARS.value, _("One star per dimension")
    SCORE_BANDS = SchemeName.SCORE_BANDS.value, _("Stars by score bands")
    WEIGHTED_GRADE = SchemeName.WEIGHTED_GRADE.value, _("Weighted grade")
    RANKED_SCORE = SchemeName.RANKED_SCORE.value, _("Score and rank")
    PIONEER_GRADE = SchemeName.PIONEER_GRADE.value, _("Pioneer index grade")


class IndicatorTemplate(models.Model):
    """One version of an indicator template (指标体系). A frozen version is in use and never changes."""

    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    scheme = models.CharField(_("star scheme"), max_length=24, choices=StarScheme.choices)
    applies_to = models.JSONField(_("applies to"), default=dict, blank=True)
    definition = models.JSONField(_("definition"))
    source_yaml = models.TextField(_("source (YAML)"))
    is_example = models.BooleanField(_("example to adapt"), default=False)
    is_frozen = models.BooleanField(_("frozen"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicator template")
        verbose_name_plural = _("indicator templates")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="indicator_template_code_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="indicator_template_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def as_definition(self):
        """The stored definition as frozen dataclasses, for the engine."""
        return template_from_dict(self.definition)


class IndicatorItem(models.Model):
    """A node of a template's tree (or one of its veto items), so that score rows can point at it."""

    template = models.ForeignKey(
        IndicatorTemplate, on_delete=models.CASCADE, related_name="items", verbose_name=_("indicator template")
    )
    code = models.CharField(_("code"), max_length=64)
    parent_code = models.CharField(_("parent code"), max_length=64, blank=True)
    dimension_code = models.CharField(_("dimension code"), max_length=64, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=ItemLevel.choices)
    name = models.CharField(_("name"), max_length=200)
    points_max = models.DecimalField(_("points"), max_digits=7, decimal_places=1, default=0)
    points_min = models.DecimalField(_("minimum points"), max_digits=7, decimal_places=1, default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices, default=ItemKind.POINTS)
    standard = models.TextField(_("scoring standard"), blank=True)
    is_leaf = models.BooleanField(_("scored directly"), default=False)
    is_veto = models.BooleanField(_("veto item"), default=False)
    personalised = models.BooleanField(_("set per community"), default=False)
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        verbose_name = _("indicator item")
        verbose_name_plural = _("indicator items")
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="indicator_item_template_code"),
            models.CheckConstraint(condition=Q(points_min__lte=models.F("points_max")), name="indicator_item_min_max"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
