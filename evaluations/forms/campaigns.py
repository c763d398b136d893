"""Creating a campaign: what it rates, its procedure, template, scope and period."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from evaluations.models import PeriodKind, SubjectKind
from evaluations.rules.workflow import PROCEDURE_LABELS, PROCEDURE_NAMES, PROCEDURES
from orgs.models import Domain, Level, MemberCategory, OrgType, User
from orgs.permissions import Capability, organizations_visible_to
from scoring.models import IndicatorTemplate

SCOPE_LEVELS = [Level.DISTRICT, Level.STREET]


SUBJECT_EXPLANATIONS = {
    SubjectKind.ORGANIZATION: _("each participating organization is rated"),
    SubjectKind.SECRETARY: _(
        "the secretary in office at each participating organization is rated; the results follow the person"
    ),
    SubjectKind.MEMBER: _("each active party member of the participating branches is rated, within their branch"),
}


def _explained(label, explanation):
    return format_lazy("{label}：{explanation}", label=label, explanation=explanation)


class CampaignForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("campaign", "Name"), max_length=200)
    template = forms.ModelChoiceField(label=_("Indicator template"), queryset=IndicatorTemplate.objects.none())
    subject_kind = forms.ChoiceField(
        label=_("What the campaign rates"),
        choices=[(kind.value, _explained(kind.label, SUBJECT_EXPLANATIONS[kind])) for kind in SubjectKind],
        initial=SubjectKind.ORGANIZATION,
        required=False,  # left out: what the template rates
        widget=forms.RadioSelect,
        help_text=_("It must be what the indicator template rates."),
    )
    procedure = forms.ChoiceField(
        label=_("Procedure"),
        choices=[(code, _explained(PROCEDURE_NAMES[code], PROCEDURE_LABELS[code])) for code in PROCEDURES],
        initial="yucheng",
        required=False,  # left out: the Yucheng procedure
        widget=forms.RadioSelect,
        help_text=_("The stages every evaluation goes through; their deadlines are set on the campaign afterwards."),
    )
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
    member_categories = forms.MultipleChoiceField(
        label=_("Member categories rated"),
        choices=MemberCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a pioneer index campaign; none chosen: every category its templates cover."),
    )

    def clean_procedure(self) -> str:
        return self.cleaned_data["procedure"] or "yucheng"

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = IndicatorTemplate.objects.order_by("code", "-version")
        self.fields["scope"].queryset = (
            organizations_visible_to(user, Capability.MANAGE_CAMPAIGNS).filter(level__in=SCOPE_LEVELS).order_by("path")
        )
