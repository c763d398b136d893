"""Consequences (结果运用): what a rule of a consequence rule set made of a subject's approved results, on the
organization or its leader (a person, followed by the keyed hash of the ID card) or a member, with the results
behind it. A consequence that no longer holds after a correction is withdrawn with the reason, never deleted."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.models import Member, Organization, Secretary
from scoring.models import ConsequenceAction, ConsequenceRule, ConsequenceRuleSet, ConsequenceTarget


class ConsequenceStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Consequence(models.Model):
    """One action of one rule on one subject for one occasion (a period, a committee term, or the period that
    completed a run of consecutive results)."""

    rule_set = models.ForeignKey(
        ConsequenceRuleSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("rule set")
    )
    rule = models.ForeignKey(
        ConsequenceRule, on_delete=models.PROTECT, related_name="consequences", verbose_name=_("rule")
    )
    rule_version = models.PositiveIntegerField(_("rule set version"))
    action = models.CharField(_("action"), max_length=32, choices=ConsequenceAction.choices)
    target = models.CharField(_("concerns"), max_length=16, choices=ConsequenceTarget.choices)
    # The organization rated (for a member: the branch); for a leader, the organization they led at the time.
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="consequences", verbose_name=_("organization")
    )
    person_key = models.CharField(_("person"), max_length=64, blank=True)
    person_name = models.CharField(_("name"), max_length=50, blank=True)
    secretary = models.ForeignKey(
        Secretary, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("secretary")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("member")
    )
    occasion = models.CharField(_("occasion"), max_length=32)
    year = models.PositiveSmallIntegerField(_("year"))
    result_ids = models.JSONField(_("results behind it"), default=list)
    explanation = models.TextField(_("explanation"))
    # What the row was made from (rule version, results and their values, the person): a rerun that finds the
    # same fingerprint leaves the row alone.
    inputs_fingerprint = models.CharField(_("inputs fingerprint"), max_length=32)
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ConsequenceStatus.choices, default=ConsequenceStatus.ACTIVE
    )
    withdrawn_reason = models.TextField(_("why it is withdrawn"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("consequence")
        verbose_name_plural = _("consequences")
        ordering = ["-year", "organization__path", "rule__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "organization", "person_key", "action", "target", "occasion"],
                condition=Q(status=ConsequenceStatus.ACTIVE),
                name="consequence_one_active_per_occasion",
            ),
            models.CheckConstraint(
                condition=~Q(status=ConsequenceStatus.WITHDRAWN) | ~Q(withdrawn_reason=""),
                name="consequence_withdrawn_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(target=ConsequenceTarget.ORGANIZATION) | ~Q(person_key=""),
                name="consequence_person_unless_organization",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "action", "year"], name="consequence_status_action"),
            models.Index(fields=["organization", "status"], name="consequence_organization"),
            models.Index(fields=["person_key", "status"], name="consequence_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.organization_id} {self.occasion}"

    @property
    def is_active(self) -> bool:
        return self.status == ConsequenceStatus.ACTIVE
