"""Satisfaction votes: the ballot of a resident (with a code) or of a party member, opening a survey, issuing codes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.services.votes.codes import MAX_CODES_PER_ISSUE


class BallotForm(forms.Form):
    """The option chosen; the service says when it is not one of the survey's options."""

    option = forms.CharField(required=False)


class SurveyOpenForm(forms.Form):
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    rater_group = forms.ChoiceField(label=_("Rater group"), required=False)

    def __init__(self, *args, rater_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        if rater_groups:
            self.fields["rater_group"].choices = [(group.code, group.name) for group in rater_groups]
            self.fields["rater_group"].required = True
        else:
            del self.fields["rater_group"]


class VoteCodesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=MAX_CODES_PER_ISSUE)
    # A date input only takes an ISO date: the zh-hans format (2026/06/30) would leave it empty in the browser.
    expires_on = forms.DateField(
        label=_("Valid until (inclusive)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
