"""The draft of a policy what-if: a template's editable numbers prefilled with their current values, the campaign to
try them on, and, for those who prefer it, the whole template pasted as YAML."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from scoring.definitions import Template
from scoring.drafts import Setting, SettingKind, draft_problems, template_settings, template_with_settings
from scoring.template_format.problems import TemplateError, number_text
from scoring.template_format.reading import parse_template, template_from_dict
from scoring.template_format.writing import template_to_dict


def setting_label(setting: Setting) -> str:
    """What a clerk reads beside the number."""
    key, about = setting.key, setting.about
    if key == "threshold":
        return gettext("Points a dimension needs to light its star")
    if key.startswith("star_band_"):
        return gettext("Lowest total score for %(stars)s stars") % {"stars": about}
    if key == "veto_cap":
        return gettext("Most stars when a veto item is hit")
    if key == "indicator_weight":
        return gettext("Weight of the indicator score (%); the evaluation by the rater groups gets the rest")
    if key.startswith("grade_band_"):
        return gettext("Lowest weighted score for the grade %(grade)s") % {"grade": about}
    if key == "gate_share":
        return gettext("Fair-or-above share needed for %(stars)s stars (%%)") % {"stars": about}
    if key.startswith("rater_group_"):
        return gettext("Weight of the rater group %(name)s (%%)") % {"name": about}
    return gettext("Veto item in force: %(veto)s") % {"veto": about}


def _field(setting: Setting) -> forms.Field:
    if setting.kind == SettingKind.SWITCH:  # under the legend "veto items": its code and name say enough
        return forms.BooleanField(label=setting.about, required=False, initial=setting.value)
    label = setting_label(setting)
    if setting.kind == SettingKind.STARS:
        return forms.IntegerField(label=label, min_value=0, max_value=5, initial=setting.value)
    return forms.DecimalField(label=label, max_digits=7, decimal_places=2, initial=setting.value)


def _shown(value) -> str:
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return number_text(value) if isinstance(value, Decimal) else str(value)


class WhatIfDraftForm(forms.Form):
    """The numbers to try; ``draft`` (the definition in the file's layout) and ``edits`` come out of ``clean``."""

    campaign = forms.ModelChoiceField(queryset=None, label=_("Campaign to try it on"), empty_label=None)
    source_yaml = forms.CharField(
        label=_("Advanced: paste the whole template as YAML (the numbers above are then ignored)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, data=None, *, template: Template, campaigns, **kwargs):
        super().__init__(data, **kwargs)
        self.template = template
        self.settings = template_settings(template)
        self.fields["campaign"].queryset = campaigns
        for setting in self.settings:
            self.fields[setting.key] = _field(setting)
        self.draft: dict = {}
        self.edits: list[dict] = []

    def setting_fields(self):
        return [self[setting.key] for setting in self.settings if setting.kind != SettingKind.SWITCH]

    def veto_fields(self):
        return [self[setting.key] for setting in self.settings if setting.kind == SettingKind.SWITCH]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned.get("source_yaml", "").strip():
            self._clean_yaml(cleaned["source_yaml"])
            return cleaned
        values = {setting.key: cleaned[setting.key] for setting in self.settings}
        for key, message in draft_problems(self.template, values).items():
            self.add_error(key, message)
        if self.errors:
            return cleaned
        self.edits = [
            {
                "field": setting.key,
                "label": setting_label(setting),
                "before": _shown(setting.value),
                "after": _shown(values[setting.key]),
            }
            for setting in self.settings
            if values[setting.key] != setting.value
        ]
        if not self.edits:
            raise forms.ValidationError(gettext("Change at least one number before trying the draft."))
        self._keep(template_with_settings(self.template, values))
        return cleaned

    def _clean_yaml(self, source: str) -> None:
        try:
            draft = parse_template(source)
        except TemplateError as error:
            for problem in error.problems:
                self.add_error("source_yaml", str(problem))
            return
        if draft.code != self.template.code:
            self.add_error(
                "source_yaml",
                gettext("The pasted template has the code %(code)s; it must stay %(expected)s.")
                % {"code": draft.code, "expected": self.template.code},
            )
            return
        self.edits = [
            {"field": "source_yaml", "label": gettext("The whole template (YAML)"), "before": "", "after": ""}
        ]
        self._keep(draft)

    def _keep(self, draft: Template) -> None:
        """The draft as the definition to store, at the current version number; read back to check it whole."""
        definition = template_to_dict(draft) | {"version": self.template.version}
        try:
            template_from_dict(definition)
        except TemplateError as error:
            for problem in error.problems:
                self.add_error(None, str(problem))
            return
        self.draft = definition


class WhatIfAdoptForm(forms.Form):
    """The confirmation of an adoption: the version number the page named, which must still be the next one."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, data=None, *, expected: int | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.expected = expected

    def clean_version(self):
        version = self.cleaned_data["version"]
        if self.expected is not None and version != self.expected:
            raise forms.ValidationError(
                gettext("Another version (%(version)s) was made meanwhile: look at the page again before adopting.")
                % {"version": self.expected - 1}
            )
        return version
