"""Consequence rule sets (结果运用) as stored: loaded from fixtures/consequence_rules/, edited in the admin as their
YAML text; an edit makes a new version, so every consequence keeps the version of the rule that made it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scoring.engine.consequences import Action, ActionSpec, ConditionKind, Rule, Target


class ConsequenceAction(models.TextChoices):
    AWARD_INELIGIBLE_YEAR = Action.AWARD_INELIGIBLE_YEAR.value, _("No award eligibility this year")
    AWARD_INELIGIBLE_TERM = Action.AWARD_INELIGIBLE_TERM.value, _("No award eligibility in this term")
    TERM_REVIEW_NOT_EXCELLENT = Action.TERM_REVIEW_NOT_EXCELLENT.value, _("Term review cannot be excellent")
    NOT_NOMINATED = Action.NOT_NOMINATED.value, _("Not nominated for the next committee")
    ADMONITION_TALK = Action.ADMONITION_TALK.value, _("Admonition talk")
    RECTIFICATION = Action.RECTIFICATION.value, _("Rectification within a deadline")
    ORGANIZATIONAL_HANDLING = Action.ORGANIZATIONAL_HANDLING.value, _("Organizational handling")
    WEAK_AND_LAX = Action.WEAK_AND_LAX.value, _("Weak-and-lax organization list")
    COMMENDATION_CANDIDATE = Action.COMMENDATION_CANDIDATE.value, _("Commendation candidate")
    ADVANCED_ORGANIZATION = Action.ADVANCED_ORGANIZATION.value, _("Advanced organization")
    HONOURS_FIRST = Action.HONOURS_FIRST.value, _("First considered for honours")
    ANNUAL_ASSESSMENT = Action.ANNUAL_ASSESSMENT.value, _("Counted in the annual assessment")
    CADRE_SELECTION = Action.CADRE_SELECTION.value, _("Basis for cadre selection")
    FUNDING_UP = Action.FUNDING_UP.value, _("Party-building funds raised")
    PIONEER_FOLLOW_UP = Action.PIONEER_FOLLOW_UP.value, _("Pioneer index follow-up")
    SECRETARY_FOLLOW_UP = Action.SECRETARY_FOLLOW_UP.value, _("Secretary follow-up")


class ConsequenceTarget(models.TextChoices):
    ORGANIZATION = Target.ORGANIZATION.value, _("The organization")
    LEADER = Target.LEADER.value, _("Its leader (the secretary at the time)")
    MEMBER = Target.MEMBER.value, _("The member")


class ConsequenceSubject(models.TextChoices):
    ORGANIZATION = "organization", _("Organizations")
    MEMBER = "member", _("Party members")
    # A secretary's filed yearly star levels (Jinyuan, seed 001); the consequence follows the person.
    SECRETARY = "secretary", _("Secretaries")


class ConditionKindChoice(models.TextChoices):
    CURRENT = ConditionKind.CURRENT.value, _("Each such result")
    IN_TERM = ConditionKind.IN_TERM.value, _("Times within one committee term")
    CONSECUTIVE = ConditionKind.CONSECUTIVE.value, _("Consecutive periods")


class ConsequenceRuleSet(models.Model):
    """One version of a rule set: which results it reads (subject, template codes, period) and its rules."""

    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    subject = models.CharField(
        _("subject"), max_length=16, choices=ConsequenceSubject.choices, default=ConsequenceSubject.ORGANIZATION
    )
    templates = models.JSONField(
        _("templates read"), default=list, help_text=_("Template codes; a code ending in * matches a prefix.")
    )
    period_kind = models.CharField(_("period"), max_length=8, default="year")
    source_yaml = models.TextField(
        _("rules (YAML)"), help_text=_("Saving a changed text stores a new version; the old one is kept.")
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consequence rule set")
        verbose_name_plural = _("consequence rule sets")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="consequence_rule_set_code_version"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_active=True), name="consequence_rule_set_one_active_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class ConsequenceRule(models.Model):
    """One rule of a rule set version: the results it looks for, how often or in a row, and its actions."""

    rule_set = models.ForeignKey(
        ConsequenceRuleSet, on_delete=models.CASCADE, related_name="rules", verbose_name=_("rule set")
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    values = models.JSONField(
        _("results"),
        default=list,
        help_text=_("Star counts or grades the rule looks for. Yucheng: 0 stars is counted with 1 star."),
    )
    condition = models.CharField(_("condition"), max_length=16, choices=ConditionKindChoice.choices)
    times = models.PositiveSmallIntegerField(_("times"), default=1)
    actions = models.JSONField(_("actions"), default=list)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("consequence rule")
        verbose_name_plural = _("consequence rules")
        ordering = ["rule_set", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="consequence_rule_unique_code"),
            models.CheckConstraint(condition=Q(times__gte=1), name="consequence_rule_times_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def as_rule(self) -> Rule:
        """The stored rule as the engine takes it."""
        return Rule(
            code=self.code,
            name=self.name,
            values=frozenset(str(value) for value in self.values),
            kind=ConditionKind(self.condition),
            actions=tuple(
                ActionSpec(Action(each["action"]), Target(each["to"]), each.get("deadline_days"))
                for each in self.actions
            ),
            times=self.times,
        )

    def actions_display(self) -> str:
        """The actions in words: "取消评先评优资格（负责人）" joined."""
        labels = dict(ConsequenceAction.choices)
        targets = dict(ConsequenceTarget.choices)
        return "；".join(f"{labels[each['action']]}（{targets[each['to']]}）" for each in self.actions)
