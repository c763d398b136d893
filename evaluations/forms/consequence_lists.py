"""The filters of the consequence lists, from the query string; a value that is not one of the choices is ignored."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.rules.consequence_lists import ConsequenceList

LIST_LABELS = {
    ConsequenceList.WEAK_AND_LAX: _("Weak-and-lax organizations"),
    ConsequenceList.AWARD_INELIGIBLE: _("Award ineligible"),
    ConsequenceList.TALKS: _("Talks due"),
    ConsequenceList.NOT_NOMINATED: _("Nominations barred"),
    ConsequenceList.TERM_REVIEW: _("Term reviews capped"),
    ConsequenceList.COMMENDATION: _("Commendation candidates"),
    ConsequenceList.OTHER: _("Other consequences"),
}


def rule_label(rule) -> str:
    return f"{rule.code} {rule.name}（{rule.rule_set.name} v{rule.rule_set.version}）"


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return rule_label(obj)


class ConsequenceFilterForm(forms.Form):
    street = forms.ModelChoiceField(queryset=None, required=False, label=_("Street"), empty_label=_("All streets"))
    year = forms.TypedChoiceField(required=False, label=_("Year"), coerce=int, empty_value=None)
    rule = RuleChoiceField(queryset=None, required=False, label=_("Rule"), empty_label=_("All rules"))
    list = forms.ChoiceField(
        required=False,
        label=_("List"),
        choices=[("", _("All lists")), *((code.value, label) for code, label in LIST_LABELS.items())],
    )

    def __init__(self, *args, streets, years, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets
        if not streets.exists():
            del self.fields["street"]  # a community's own list: there is no street to choose
        self.fields["year"].choices = [("", _("All years")), *((year, year) for year in years)]
        self.fields["rule"].queryset = rules


class ConsequenceRunForm(forms.Form):
    """Asking for the rules to be applied again to every organization: nothing to fill in but the button."""
