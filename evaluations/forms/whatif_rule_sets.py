"""The draft of a rule set's what-if: each rule's results and times prefilled with the version in use, and the
whole rule set as YAML for any other change; the district to try it on."""

import re

import yaml
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations.services.whatif_rule_sets import rule_set_draft_problems
from scoring.models import ConsequenceRule, ConsequenceRuleSet

SEPARATORS = re.compile(r"[\s,，、;；]+")


def _values_text(rule: ConsequenceRule) -> str:
    return "、".join(str(value) for value in rule.values)


class RuleSetWhatIfForm(forms.Form):
    """``source_yaml`` (the draft) and ``edits`` come out of ``clean``: the YAML as typed when it was changed, else
    the version in use with the rules' results and times from the fields."""

    scope = forms.ModelChoiceField(queryset=None, label=_("Organizations to try it on"), empty_label=None)
    source_yaml = forms.CharField(
        label=_("Or change anything else in the rule set as YAML (when changed, the fields above are ignored)"),
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )

    def __init__(self, data=None, *, rule_set: ConsequenceRuleSet, scopes, **kwargs):
        super().__init__(data, **kwargs)
        self.rule_set = rule_set
        self.rules = list(rule_set.rules.order_by("order", "pk"))
        self.fields["scope"].queryset = scopes
        self.fields["source_yaml"].initial = rule_set.source_yaml
        for rule in self.rules:
            self.fields[f"{rule.code}_values"] = forms.CharField(
                label=gettext("%(code)s: the results it looks for") % {"code": rule.code},
                initial=_values_text(rule),
                max_length=100,
            )
            if rule.condition != "current":
                self.fields[f"{rule.code}_times"] = forms.IntegerField(
                    label=gettext("%(code)s: how many times") % {"code": rule.code},
                    initial=rule.times,
                    min_value=1,
                    max_value=20,
                )
        self.source_yaml = ""
        self.edits: list[dict] = []

    def rule_rows(self):
        """Each rule with its fields, for the table of the page."""
        return [
            (rule, self[f"{rule.code}_values"], self[f"{rule.code}_times"] if rule.condition != "current" else None)
            for rule in self.rules
        ]

    def _values(self, rule: ConsequenceRule, text: str, *, stars: bool) -> list | None:
        """The results a rule looks for as typed: star counts from 0 to 5, or grades; None after an error."""
        parts = [part for part in SEPARATORS.split(text.strip()) if part]
        if not parts:
            self.add_error(f"{rule.code}_values", gettext("%(code)s: give at least one result.") % {"code": rule.code})
            return None
        if not stars:
            return parts
        if not all(part.isdigit() and 0 <= int(part) <= 5 for part in parts):
            bad = next(part for part in parts if not (part.isdigit() and 0 <= int(part) <= 5))
            self.add_error(
                f"{rule.code}_values",
                gettext("%(code)s: %(value)s is not a star count from 0 to 5.") % {"code": rule.code, "value": bad},
            )
            return None
        return sorted({int(part) for part in parts})

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        typed = cleaned["source_yaml"].replace("\r\n", "\n").strip()
        if typed != self.rule_set.source_yaml.replace("\r\n", "\n").strip():
            self.source_yaml = typed + "\n"
            self.edits = [
                {"field": "source_yaml", "label": gettext("The whole rule set (YAML)"), "before": "", "after": ""}
            ]
        else:
            self._from_fields(cleaned)
        if self.errors:
            return cleaned
        if not self.edits:
            raise forms.ValidationError(gettext("Change at least one rule before trying the draft."))
        for problem in rule_set_draft_problems(self.rule_set, self.source_yaml):
            self.add_error("source_yaml", problem)
        return cleaned

    def _from_fields(self, cleaned: dict) -> None:
        document = yaml.safe_load(self.rule_set.source_yaml)
        by_code = {node.get("code"): node for node in document.get("rules", []) if isinstance(node, dict)}
        for rule in self.rules:
            node = by_code[rule.code]
            key = "grades" if "grades" in node["when"] else "stars"
            values = self._values(rule, cleaned[f"{rule.code}_values"], stars=key == "stars")
            if values is None:
                continue
            if [str(value) for value in values] != [str(value) for value in rule.values]:
                node["when"][key] = values
                self.edits.append(self._edit(rule, gettext("results"), _values_text(rule), "、".join(map(str, values))))
            times = cleaned.get(f"{rule.code}_times")
            if times is not None and times != rule.times:
                node["when"][rule.condition] = times
                self.edits.append(self._edit(rule, gettext("times"), str(rule.times), str(times)))
        document["version"] = self.rule_set.version
        self.source_yaml = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=120)

    @staticmethod
    def _edit(rule: ConsequenceRule, what: str, before: str, after: str) -> dict:
        return {"field": rule.code, "label": f"{rule.code} {rule.name}（{what}）", "before": before, "after": after}
