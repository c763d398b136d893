"""The money that follows a secretary's stars (以星定奖, Jinyuan, seed 001): the reward rules, editable in the admin,
the circumstances a rule needs beyond the stars, and the append-only rewards ledger per secretary and year.

The ledger is never changed or deleted: the database refuses it (see migration 0009) and so do the model and its
queryset; a correction is an adjusting entry with its reason.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.common import EvidenceFileFields, ProposalFields
from evaluations.rules.reward_rules import PayKind, RewardRules, rules_from_dict
from evaluations.rules.rewards import RewardKind
from orgs.free_text import FreeTextField
from orgs.models import Secretary, User

MONEY = {"max_digits": 12, "decimal_places": 2}


class RewardEntryKind(models.TextChoices):
    BASE_PAY = RewardKind.BASE_PAY, _("Base pay (60%)")
    PERFORMANCE_PAY = RewardKind.PERFORMANCE_PAY, _("Performance pay by stars (40%)")
    STAR_GAIN = RewardKind.STAR_GAIN, _("Reward for stars gained")
    EDUCATION_UPGRADE = RewardKind.EDUCATION_UPGRADE, _("Reward for education-upgrade stars")
    PENSION_SUBSIDY = RewardKind.PENSION_SUBSIDY, _("Pension subsidy")
    DEPARTURE_SUBSIDY = RewardKind.DEPARTURE_SUBSIDY, _("Departure subsidy increase")
    COLLECTIVE_ECONOMY = RewardKind.COLLECTIVE_ECONOMY, _("One-off reward for collective economy growth")


class RewardEntryType(models.TextChoices):
    COMPUTED = "computed", _("Computed")
    ADJUSTMENT = "adjustment", _("Adjusting entry")  # the stars or the rules changed after the figure was recorded
    CORRECTION = "correction", _("Correction")  # entered by hand with its reason; computing leaves it standing


class RewardRuleSet(models.Model):
    """The money rules of seed 001, loaded from fixtures/rules/ and editable in the admin; the newest active version
    is the one in use."""

    code = models.CharField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    source = FreeTextField(_("seed figures and defaults"), blank=True)
    base_share = models.DecimalField(_("base pay share"), max_digits=4, decimal_places=2, default=Decimal("0.60"))
    star_gain_reward = models.DecimalField(_("reward per star gained"), **MONEY)
    education_upgrade_reward = models.DecimalField(_("reward per education-upgrade star"), **MONEY)
    pension_subsidy_per_star = models.DecimalField(_("pension subsidy per star"), **MONEY)
    pension_subsidy_yearly_cap = models.DecimalField(_("pension subsidy yearly cap"), null=True, blank=True, **MONEY)
    departure_extra_monthly = models.DecimalField(_("departure subsidy increase a month"), **MONEY)
    departure_min_stars_gained = models.PositiveSmallIntegerField(_("stars gained for the departure increase"))
    collective_economy_reward = models.DecimalField(_("collective economy growth reward"), **MONEY)
    pay_table = models.JSONField(
        _("pay table"),
        help_text=_(
            'Per kind of secretary ("one_shoulder", "village"): the yearly standard pay and the yearly performance '
            "pay of each star level."
        ),
    )
    is_active = models.BooleanField(_("rules in use"), default=True)

    class Meta:
        verbose_name = _("reward rule set")
        verbose_name_plural = _("reward rule sets")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="reward_rule_set_code_version"),
            models.CheckConstraint(
                condition=Q(base_share__gt=0) & Q(base_share__lt=1), name="reward_rule_set_base_share_fraction"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def as_rules(self) -> RewardRules:
        return rules_from_dict(
            {
                field: getattr(self, field)
                for field in (
                    "base_share",
                    "star_gain_reward",
                    "education_upgrade_reward",
                    "pension_subsidy_per_star",
                    "pension_subsidy_yearly_cap",
                    "departure_extra_monthly",
                    "departure_min_stars_gained",
                    "collective_economy_reward",
                    "pay_table",
                )
            }
        )

    def clean(self) -> None:
        """The pay table must name both kinds and keep each level's performance pay within the performance share."""
        try:
            rules = self.as_rules()
        except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as error:
            raise ValidationError(
                {"pay_table": _("The pay table cannot be read (%(error)s).") % {"error": error}}
            ) from error
        for kind in (PayKind.ONE_SHOULDER, PayKind.VILLAGE):
            scale = rules.pay_table.get(kind)
            if scale is None:
                raise ValidationError({"pay_table": _('The pay table has no row "%(kind)s".') % {"kind": kind}})
            ceiling = scale.standard_pay * (1 - rules.base_share)
            for stars, amount in sorted(scale.performance.items()):
                if amount < 0 or amount > ceiling:
                    raise ValidationError(
                        {
                            "pay_table": _(
                                '"%(kind)s", %(stars)s stars: the performance pay %(amount)s must lie between 0 and '
                                "the performance share of the standard pay, %(ceiling)s."
                            )
                            % {"kind": kind, "stars": stars, "amount": amount, "ceiling": ceiling}
                        }
                    )


class RewardCircumstance(models.Model):
    """What a rule needs beyond the stars, for one tenure and year: marked growth of the collective economy, and
    whether a secretary who left did so normally (离任补贴 applies to normal departures only)."""

    secretary = models.ForeignKey(
        Secretary, on_delete=models.PROTECT, related_name="reward_circumstances", verbose_name=_("secretary")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    collective_economy_growth = models.BooleanField(_("marked growth of the collective economy"), default=False)
    left_normally = models.BooleanField(_("left office normally"), default=False)
    note = FreeTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("reward circumstance")
        verbose_name_plural = _("reward circumstances")
        ordering = ["-year", "secretary"]
        constraints = [
            models.UniqueConstraint(fields=["secretary", "year"], name="reward_circumstance_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.secretary.name} {self.year}"


class CircumstanceKind(models.TextChoices):
    """The circumstances a street records for the money: 正常离任 and 村级集体经济增幅明显 (seed 001)."""

    LEFT_NORMALLY = "left_normally", _("Left office normally")
    COLLECTIVE_ECONOMY_GROWTH = "collective_economy_growth", _("Marked growth of the collective economy")


class CircumstanceAction(models.TextChoices):
    RECORD = "record", _("Record it")
    WITHDRAW = "withdraw", _("Withdraw what was confirmed")


class CircumstanceStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for the district")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class RewardCircumstanceChange(ProposalFields):
    """The street records (or withdraws, ``holds`` false) a circumstance of a tenure's year with its reason and
    evidence; the district confirms or rejects it, and only a confirmed one reaches the circumstances the ledger
    reads. The rows stay: they are the circumstances' history."""

    secretary = models.ForeignKey(
        Secretary, on_delete=models.PROTECT, related_name="reward_circumstance_changes", verbose_name=_("secretary")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("circumstance"), max_length=32, choices=CircumstanceKind.choices)
    holds = models.BooleanField(_("applies"), default=True)
    growth_percent = models.DecimalField(
        _("growth of the collective economy (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    reason = FreeTextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=12, choices=CircumstanceStatus.choices, default=CircumstanceStatus.PROPOSED
    )

    class Meta:
        verbose_name = _("reward circumstance record")
        verbose_name_plural = _("reward circumstance records")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["secretary", "year", "kind"],
                condition=Q(status="proposed"),
                name="reward_circumstance_change_one_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.secretary.name} {self.year} {self.get_kind_display()}"


def circumstance_evidence_path(instance: "RewardCircumstanceEvidence", filename: str) -> str:
    return f"reward-circumstances/{instance.change.year}/{instance.change_id}/{filename}"


class RewardCircumstanceEvidence(EvidenceFileFields):
    """A file that supports a recorded circumstance (the collective economy's accounts, the departure decision)."""

    change = models.ForeignKey(
        RewardCircumstanceChange, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("circumstance")
    )
    file = models.FileField(_("file"), upload_to=circumstance_evidence_path)

    class Meta:
        verbose_name = _("circumstance evidence")
        verbose_name_plural = _("circumstance evidence")
        ordering = ["change", "uploaded_at", "pk"]


class RewardEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Rewards ledger entries cannot be changed; add an adjusting entry."))

    def delete(self):
        raise ValidationError(_("Rewards ledger entries cannot be deleted; add an adjusting entry."))


class RewardEntry(models.Model):
    """One figure of a secretary's rewards ledger for a year, with its computation. Append-only."""

    secretary = models.ForeignKey(
        Secretary, on_delete=models.PROTECT, related_name="reward_entries", verbose_name=_("secretary")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=24, choices=RewardEntryKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    computation = models.TextField(_("computation"))
    effective_from = models.DateField(_("counts from"))
    entry_type = models.CharField(
        _("entry type"), max_length=12, choices=RewardEntryType.choices, default=RewardEntryType.COMPUTED
    )
    reason = FreeTextField(_("reason"), blank=True)
    rule_set = models.ForeignKey(
        RewardRuleSet, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("rules")
    )
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = RewardEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("rewards ledger entry")
        verbose_name_plural = _("rewards ledger entries")
        ordering = ["secretary", "year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(entry_type=RewardEntryType.COMPUTED) | ~Q(reason=""),
                name="reward_entry_adjustment_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["year", "secretary"], name="reward_entry_year_secretary")]

    def __str__(self) -> str:
        return f"{self.secretary.name} {self.year} {self.get_kind_display()} {self.amount}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("Rewards ledger entries cannot be changed; add an adjusting entry."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Rewards ledger entries cannot be deleted; add an adjusting entry."))
