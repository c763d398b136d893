"""Forms of the evaluation pages: every POST is parsed here; the rules stay in the services they call."""

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from evaluations.models import PeriodKind, Stage
from evaluations.services.votes.codes import MAX_CODES_PER_ISSUE
from orgs.models import Domain, Level, OrgType, User
from orgs.permissions import Capability, organizations_visible_to
from scoring.models import IndicatorTemplate

SCOPE_LEVELS = [Level.DISTRICT, Level.STREET]


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    template = forms.ModelChoiceField(label=_("Indicator template"), queryset=IndicatorTemplate.objects.none())
    scope = forms.ModelChoiceField(label=_("Scope"), queryset=None, empty_label=None)
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.YEAR)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period_number = forms.IntegerField(label=_("Quarter or month"), required=False, min_value=1, max_value=12)
    levels = forms.MultipleChoiceField(
        label=_("Levels taking part"), choices=Level.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    domains = forms.MultipleChoiceField(
        label=_("Domains taking part"), choices=Domain.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    org_types = forms.MultipleChoiceField(
        label=_("Organization types taking part"),
        choices=OrgType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = IndicatorTemplate.objects.order_by("code", "-version")
        self.fields["scope"].queryset = (
            organizations_visible_to(user, Capability.MANAGE_CAMPAIGNS).filter(level__in=SCOPE_LEVELS).order_by("path")
        )


def stage_from_request(request: HttpRequest) -> Stage:
    """The stage named in ``?stage=``: the review, or else the self-assessment."""
    return Stage.REVIEW if request.GET.get("stage") == Stage.REVIEW else Stage.SELF_ASSESSMENT


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
