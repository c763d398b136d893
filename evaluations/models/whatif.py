"""Policy what-ifs (issue 13, item 6): a draft of a template's numbers tried on a campaign, or a draft of a consequence
rule set tried on every organization's approved results, with its outcome kept so that it can be shown, exported and
adopted as a new version. Nothing of it is ever written to the campaign or to the consequences."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.campaigns import Campaign, ComputationStatus
from orgs.models import Organization, User
from scoring.models import ConsequenceRuleSet, IndicatorTemplate


class PolicyWhatIf(models.Model):
    """One run of a draft against a campaign: what was changed, the tally by street, the organizations that moved.

    ``comparison`` is keyed by what it compares ("results": stars and grades; "consequences": those that would
    appear or vanish). A rule set's what-if has a rule set and neither template nor campaign."""

    template = models.ForeignKey(
        IndicatorTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="what_ifs",
        verbose_name=_("indicator template"),
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, null=True, blank=True, related_name="what_ifs", verbose_name=_("campaign")
    )
    rule_set = models.ForeignKey(
        ConsequenceRuleSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="what_ifs",
        verbose_name=_("consequence rule set"),
    )
    # A rule set's what-if reads the approved results of the organizations under this one (the requester's district).
    scope = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("scope")
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
    adopted_rule_set = models.ForeignKey(
        ConsequenceRuleSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_from",
        verbose_name=_("rule set adopted as"),
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
            models.CheckConstraint(
                condition=Q(rule_set__isnull=True, template__isnull=False, campaign__isnull=False)
                | Q(rule_set__isnull=False, scope__isnull=False, template__isnull=True, campaign__isnull=True),
                name="what_if_of_a_template_on_a_campaign_or_of_a_rule_set",
            ),
        ]

    def __str__(self) -> str:
        if self.rule_set_id is not None:
            return f"rule set {self.rule_set_id} {self.status}"
        return f"{self.template_id} @ {self.campaign_id} {self.status}"
