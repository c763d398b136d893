"""民主测评 (democratic vote): a member's sheet (one choice per member) and the paper results of a branch meeting.

Both forms make one field per member of the sheet, labelled with the member's name (and the option), so that a
malformed value is reported naming them; completeness and the counts' consistency are the services' to check.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import Evaluation


def choice_field_name(evaluation: Evaluation) -> str:
    return f"choice_{evaluation.pk}"


def count_field_name(evaluation: Evaluation, option: str) -> str:
    return f"count_{evaluation.pk}_{option}"


class DemocraticSheetForm(forms.Form):
    """The option chosen for each member on the sheet; a missing choice is left to the service, which names who."""

    def __init__(self, *args, rated: list[Evaluation], options: tuple[tuple[str, str], ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.rated = rated
        for evaluation in rated:
            self.fields[choice_field_name(evaluation)] = forms.ChoiceField(
                label=evaluation.member.name,
                choices=options,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("%(name)s: choose one of the options.") % {"name": evaluation.member.name}
                },
            )

    def choices(self) -> dict[int, str]:
        return {evaluation.pk: self.cleaned_data[choice_field_name(evaluation)] for evaluation in self.rated}


class PaperCountField(forms.IntegerField):
    def __init__(self, *, label: str):
        super().__init__(
            label=label,
            required=False,
            min_value=0,
            widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric", "aria-label": label}),
            error_messages={
                "invalid": _("%(field)s: enter a whole number of votes.") % {"field": label},
                "min_value": _("%(field)s: a count cannot be negative.") % {"field": label},
            },
        )


class DemocraticPaperForm(forms.Form):
    """How many members voted on paper at the branch meeting, and the count per member and option."""

    paper_voters = forms.IntegerField(
        label=_("Members who voted on paper"),
        min_value=0,
        error_messages={
            "required": _("Enter how many members voted on paper (0 if none)."),
            "invalid": _("Members who voted on paper: enter a whole number."),
            "min_value": _("The number of members who voted on paper cannot be negative."),
        },
    )

    def __init__(self, *args, rated: list[Evaluation], options: tuple[tuple[str, str], ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.rated, self.options = rated, options
        for evaluation in rated:
            for code, label in options:
                name = count_field_name(evaluation, code)
                self.fields[name] = PaperCountField(label=f"{evaluation.member.name} · {label}")

    def rows(self) -> list[tuple[Evaluation, list[forms.BoundField]]]:
        return [
            (evaluation, [self[count_field_name(evaluation, code)] for code, _label in self.options])
            for evaluation in self.rated
        ]

    def counts(self) -> dict[int, dict[str, int]]:
        return {
            evaluation.pk: {
                code: self.cleaned_data[count_field_name(evaluation, code)] or 0 for code, _ in self.options
            }
            for evaluation in self.rated
        }
