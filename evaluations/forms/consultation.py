"""The joint review ("X+2"): a campaign's stages and the departments it consults, and a department's opinion."""

from collections.abc import Iterable

from django import forms

from evaluations.forms.common import RowFieldsForm
from evaluations.models import CampaignStage
from orgs.models import Department


class CampaignStagesForm(RowFieldsForm):
    """Each stage's ``deadline-<id>`` and ``min_days-<id>`` as typed (the service reads them and names the stage)
    and the ``departments`` consulted."""

    departments = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, stages: Iterable[CampaignStage], departments: Iterable[Department], **kwargs):
        super().__init__(*args, **kwargs)
        self.stages, self.departments = list(stages), list(departments)
        for stage in self.stages:
            for name in ("deadline", "min_days"):
                self.add_row_field(f"stage-{stage.pk}", f"{name}-{stage.pk}", forms.CharField(required=False))
        self.fields["departments"].choices = [(department.pk, department.name) for department in self.departments]
        self.row_of["departments"] = "departments"

    def rows(self) -> dict[int, dict[str, str]]:
        """The deadline and least days typed for every stage, by the stage's id."""
        return {
            stage.pk: {name: self.cleaned_data.get(f"{name}-{stage.pk}", "") for name in ("deadline", "min_days")}
            for stage in self.stages
        }

    def chosen(self) -> list[Department]:
        """The departments ticked."""
        chosen = set(self.cleaned_data.get("departments", []))
        return [department for department in self.departments if department.pk in chosen]


class OpinionsAllForm(forms.Form):
    """ "No objection" on every organization still without the department's opinion, in one action."""

    action = forms.ChoiceField(choices=[("no_objection_all", "no_objection_all")])


class OpinionForm(forms.Form):
    """A department's opinion on one evaluation; the service checks the kind, the note and the veto item."""

    evaluation = forms.IntegerField(min_value=1)
    kind = forms.CharField(required=False)
    note = forms.CharField(required=False)
    veto_item = forms.CharField(required=False)
