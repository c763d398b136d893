"""The recommended list (建议名单) and its approval: every action on the list carries the version it was read at."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.forms.common import VersionField
from evaluations.models import Campaign, Evaluation
from orgs.models import Level, Organization


class ListVersionForm(forms.Form):
    """The version of the recommended list the page was loaded at; a save over a newer one is refused."""

    version = VersionField()


class ListReturnForm(ListVersionForm):
    """Withdraw or return a submitted list, with the reason (the service requires it)."""

    reason = forms.CharField(required=False)


class EntryStarsForm(ListVersionForm):
    """The stars proposed for one organization on the list and why they differ from the computed ones."""

    stars = forms.CharField(required=False)
    note = forms.CharField(required=False)


class QuotaPenaltyForm(forms.Form):
    """A street's quota penalty: the points of its top-grade share it loses and why (Suxian: 3 to 5 points)."""

    street = forms.ModelChoiceField(
        queryset=Organization.objects.filter(level=Level.STREET),
        error_messages={
            "required": _("Choose a street of the campaign."),
            "invalid_choice": _("Choose a street of the campaign."),
        },
    )
    points = forms.CharField(required=False)
    reason = forms.CharField(required=False)


class FiveStarCapForm(forms.Form):
    """The share of five-star organizations the district allows, in percent (the service checks the number)."""

    five_star_cap = forms.CharField(required=False)


class EvaluationWithdrawForm(forms.Form):
    """An evaluation of the campaign taken out of the rating, and why (the service requires the reason)."""

    evaluation = forms.ModelChoiceField(
        queryset=Evaluation.objects.none(),
        error_messages={
            "required": _("Choose the organization to withdraw."),
            "invalid_choice": _("Choose an organization of this campaign."),
        },
    )
    reason = forms.CharField(required=False)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluation"].queryset = Evaluation.objects.filter(campaign=campaign).select_related("campaign")
