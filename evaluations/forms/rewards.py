"""Forms of the rewards ledger: a correction by hand, the district's request to compute a year's ledgers, and the
street's record of a circumstance the money needs."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.forms.secretary_stars import EvidenceFilesField, SecretaryIdField, YearField
from evaluations.models import CircumstanceAction, CircumstanceKind, RewardEntryKind


class RewardCorrectionForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Figure"), choices=RewardEntryKind.choices)
    amount = forms.DecimalField(
        label=_("Amount to add (yuan, negative to deduct)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("-9999999999.99"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if not amount:
            raise forms.ValidationError(_("A correction of 0 yuan changes nothing; give the difference to add."))
        return amount


class RewardsComputeForm(forms.Form):
    """Computing adds entries to every ledger of the scope; the page asks first."""

    label_suffix = ""

    confirm = forms.BooleanField(
        label=_("I understand that the ledgers only grow: what changed is added as adjusting entries."),
        error_messages={"required": _("Tick the box to confirm computing the ledgers.")},
    )


class RewardCircumstanceForm(forms.Form):
    """The street records (or withdraws) a normal departure or collective economy growth for a tenure's year; the
    service checks the tenure, the year, the reason and the evidence."""

    year = YearField(label=_("Year"))
    kind = forms.ChoiceField(
        label=_("Circumstance"),
        choices=CircumstanceKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Circumstance: choose left office normally or collective economy growth."),
            "invalid_choice": _("Circumstance: choose left office normally or collective economy growth."),
        },
    )
    operation = forms.ChoiceField(
        label=_("Record or withdraw"),
        choices=CircumstanceAction.choices,
        initial=CircumstanceAction.RECORD,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Record or withdraw: choose one."),
            "invalid_choice": _("Record or withdraw: choose one."),
        },
    )
    growth_percent = forms.DecimalField(
        label=_("Growth of the collective economy (%)"),
        required=False,
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "invalid": _("Growth: give the percentage as a number, for example 18.5."),
            "min_value": _("Growth: marked growth is a positive percentage, for example 18.5."),
            "max_digits": _("Growth: give the percentage with at most 5 digits before the decimal point."),
            "max_decimal_places": _("Growth: give the percentage with at most 2 decimals."),
            "max_whole_digits": _("Growth: give the percentage with at most 5 digits before the decimal point."),
        },
    )
    reason = forms.CharField(
        label=_("Reason or note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = EvidenceFilesField(label=_("Evidence (PDF, JPG, PNG or DOCX, at most 10 MB each)"))

    def circumstance_arguments(self) -> dict:
        """The cleaned fields as ``reward_circumstance_propose`` takes them."""
        data = self.cleaned_data
        return {
            "year": data["year"],
            "kind": data["kind"],
            "holds": data["operation"] == CircumstanceAction.RECORD,
            "growth_percent": data["growth_percent"],
            "reason": data["reason"],
            "uploads": data["evidence"],
        }


class RewardCircumstanceApiForm(RewardCircumstanceForm):
    secretary = SecretaryIdField()
