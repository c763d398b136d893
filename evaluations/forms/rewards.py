"""Forms of the rewards ledger: a correction by hand, and the district's request to compute a year's ledgers."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import RewardEntryKind


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
