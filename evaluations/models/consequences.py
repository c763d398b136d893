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

    # The rule's own set, kept beside it for the lists: the rule's foreign key already holds it to an existing set
    # (and a rule set is never deleted, only put out of use), so it carries neither a constraint nor an index of its
    # own, each of which would cost every row of a run. The same holds for the single-column indexes below: the
    # composite ones cover them.
    rule_set = models.ForeignKey(
        ConsequenceRuleSet,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rule set"),
        db_constraint=False,
        db_index=False,
    )
    rule = models.ForeignKey(
        ConsequenceRule,
        on_delete=models.PROTECT,
        related_name="consequences",
        verbose_name=_("rule"),
        db_index=False,  # the unique index of the rows in force leads with the rule
    )
    rule_version = models.PositiveIntegerField(_("rule set version"))
    action = models.CharField(_("action"), max_length=32, choices=ConsequenceAction.choices)
    target = models.CharField(_("concerns"), max_length=16, choices=ConsequenceTarget.choices)
    # The organization rated (for a member: the branch); for a leader, the organization they led at the time.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="consequences",
        verbose_name=_("organization"),
        db_index=False,  # consequence_organization leads with it
    )
    person_key = models.CharField(_("person"), max_length=64, blank=True)
    person_name = models.CharField(_("name"), max_length=50, blank=True)
    secretary = models.ForeignKey(
        Secretary,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretary"),
        db_index=False,  # consequence_secretary indexes the rows that have one
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
        db_index=False,  # consequence_member indexes the rows that have one
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
            models.Index(fields=["secretary"], condition=Q(secretary__isnull=False), name="consequence_secretary"),
            models.Index(fields=["member"], condition=Q(member__isnull=False), name="consequence_member"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.organization_id} {self.occasion}"

    @property
    def is_active(self) -> bool:
        return self.status == ConsequenceStatus.ACTIVE


class ConsequenceInputs(models.Model):
    """What the consequence rules read about one organization when they were last applied to it, as a digest: a
    rerun passes over an organization whose digest is unchanged, since the rules would make the same rows."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("organization")
    )
    inputs_digest = models.CharField(_("inputs digest"), max_length=32)
    applied_at = models.DateTimeField(_("applied at"))

    class Meta:
        verbose_name = _("inputs of the consequence rules")
        verbose_name_plural = _("inputs of the consequence rules")

    def __str__(self) -> str:
        return f"{self.organization_id} {self.inputs_digest}"
