"""Secretaries' star management (Jinyuan, seed 001): the street's proposal, the district's decision, removal, undo,
supervision and the year's cycle. The services check the rules; these forms parse what was posted."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import SecretaryStarRule, StarRuleKind

YEAR_ERRORS = {
    "required": _("Give the year, for example 2025."),
    "invalid": _("Give the year as a number, for example 2025."),
    "min_value": _("Give a year from 2000 on."),
    "max_value": _("Give a year before 2100."),
}
DATE_ERRORS = {"required": _("Give the date it takes effect."), "invalid": _("Give the date as 2025-07-01.")}
STARS_ERRORS = {
    "required": _("Give the number of stars."),
    "invalid": _("Give the number of stars as a whole number."),
    "min_value": _("Give at least one star."),
}


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=2000, max_value=2099, error_messages=YEAR_ERRORS, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Any number of evidence files; the service checks each one's type and size and whether one is needed."""

    def __init__(self, **kwargs):
        super().__init__(required=False, widget=MultipleFileInput(attrs={"multiple": True}), **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(EvidenceFilesField, self).clean(upload, initial) for upload in files]


class DatedChangeForm(forms.Form):
    """What a proposal and a removal both give: the date the change takes effect, why, and the evidence."""

    effective_on = forms.DateField(
        label=_("Effective from"),
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = EvidenceFilesField(label=_("Evidence (PDF, JPG, PNG or DOCX, at most 10 MB each)"))

    def change_arguments(self) -> dict:
        """The cleaned fields as the services take them: the files as ``uploads``, without the API's ``secretary``."""
        data = {name: value for name, value in self.cleaned_data.items() if name not in ("evidence", "secretary")}
        return {**data, "uploads": self.cleaned_data["evidence"]}


class StarProposalForm(DatedChangeForm):
    """The street proposes base, added or reduced stars under one rule, effective from a date, with evidence."""

    field_order = ["year", "rule", "stars", "effective_on", "reason", "evidence"]

    year = YearField(label=_("Year"))
    rule = forms.ModelChoiceField(
        queryset=SecretaryStarRule.objects.none(),
        label=_("Rule"),
        error_messages={
            "required": _("Choose the rule the stars are given or reduced under."),
            "invalid_choice": _("Choose a rule of the rule set in use."),
        },
    )
    stars = forms.IntegerField(label=_("Number of stars"), min_value=1, initial=1, error_messages=STARS_ERRORS)

    def __init__(self, *args, rule_set=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rule_set is not None:
            self.fields["rule"].queryset = rule_set.rules.exclude(kind=StarRuleKind.REMOVED)
            self.fields["rule"].label_from_instance = lambda rule: (
                f"{rule.get_kind_display()} · {rule.code} {rule.name}（{rule.stars}）"
            )


class StarRemovalForm(DatedChangeForm):
    """随时摘星: how many stars, from which date, why, and the evidence."""

    field_order = ["stars", "effective_on", "reason", "evidence"]

    stars = forms.IntegerField(label=_("Stars to remove"), min_value=1, initial=1, error_messages=STARS_ERRORS)


class SecretaryIdField(forms.IntegerField):
    """The API names the secretary's tenure in the posted form (the page has it in its address)."""

    def __init__(self, **kwargs):
        message = _("Secretary: give the numeric id of a secretary's tenure in your scope.")
        errors = {"required": message, "invalid": message, "min_value": message, "max_value": message}
        super().__init__(min_value=1, max_value=2**31 - 1, error_messages=errors, **kwargs)


class StarProposalApiForm(StarProposalForm):
    secretary = SecretaryIdField()


class StarRemovalApiForm(StarRemovalForm):
    secretary = SecretaryIdField()


class StarDecisionForm(forms.Form):
    """The district's decision on a proposal; a rejection needs a note (the service checks)."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        error_messages={"required": _("Approve or reject."), "invalid_choice": _("Approve or reject.")},
    )
    note = forms.CharField(required=False)


class StarUndoForm(forms.Form):
    reason = forms.CharField(required=False)


class SupervisionForm(forms.Form):
    """A rectification deadline for a low-star secretary; empty takes the rule set's default."""

    deadline = forms.DateField(required=False, error_messages={"invalid": _("Give the deadline as 2026-03-31.")})
    note = forms.CharField(required=False)


class StarCycleOpenForm(forms.Form):
    year = YearField(label=_("Year"))
    trained_on = forms.DateField(
        label=_("Mobilisation and training held on"),
        required=False,
        error_messages={"invalid": _("Give the date as 2025-03-15.")},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class AnnualAssessmentProposeForm(forms.Form):
    """Generating the proposals from the quarterly results; the page asks first. Nothing to fill in but the year."""

    year = YearField(label=_("Year"))
