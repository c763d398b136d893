"""Policy what-ifs (issue 13, item 6): a draft of a template's numbers tried on a campaign, with its outcome kept so
that it can be shown, exported and adopted as a new version. Nothing of it is ever written to the campaign."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.campaigns import Campaign, ComputationStatus
from orgs.models import User
from scoring.models import IndicatorTemplate


class PolicyWhatIf(models.Model):
    """One run of a draft against a campaign: what was changed, the tally by street, the organizations that moved.

    ``comparison`` is keyed by what it compares ("results": stars and grades), so the consequences that would appear
    or vanish can be kept beside it in the same shape."""

    template = models.ForeignKey(
        IndicatorTemplate, on_delete=models.PROTECT, related_name="what_ifs", verbose_name=_("indicator template")
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="what_ifs", verbose_name=_("campaign")
    )
    draft = models.JSONField(_("draft definition"))
    edits = models.JSONField(_("changes made"), default=list, blank=True)  # [{"field", "label", "before", "after"}]
    status = models.CharField(
        _("status"), max_length=16, choices=ComputationStatus.choices, default=ComputationStatus.PENDING
    )
    streets_total = models.PositiveIntegerField(_("streets"), default=0)
    streets_done = models.PositiveIntegerField(_("streets done"), default=0)
    evaluations_count = models.PositiveIntegerField(_("evaluations"), default=0)
    comparison = models.JSONField(_("comparison"), default=dict, blank=True)
    changed = models.JSONField(_("organizations that change"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    adopted_template = models.ForeignKey(
        IndicatorTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_from",
        verbose_name=_("adopted as"),
    )
    adopted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("adopted by")
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("policy what-if")
        verbose_name_plural = _("policy what-ifs")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(streets_done__lte=F("streets_total")), name="what_if_streets_done_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_id} @ {self.campaign_id} {self.status}"
