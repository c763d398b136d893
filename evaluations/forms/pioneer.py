"""Pioneer index (先锋指数) forms: the member's self-evaluation and the branch review, one field per item of the
member's template; the services check the points against the template and name the item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.forms.common import RowFieldsForm
from scoring.definitions import Kind, Template

SUBMIT = "submit"


def points_field_name(code: str) -> str:
    return f"points_{code}"


class PioneerSheetForm(RowFieldsForm):
    """Points per item of the template (deductions too when ``with_deductions``), and a statement or reason."""

    statement = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 4}))
    action = forms.CharField(required=False)

    def __init__(self, *args, template: Template, with_deductions: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaves = []
        for dimension, leaf in template.leaves():
            if leaf.kind == Kind.DEDUCTION and not with_deductions:
                continue
            name = points_field_name(leaf.code)
            self.add_row_field(leaf.code, name, forms.CharField(required=False, max_length=8))
            self.leaves.append((dimension, leaf, name))

    @property
    def submits(self) -> bool:
        return self.cleaned_data.get("action") == SUBMIT

    def points(self) -> dict[str, str]:
        return {
            leaf.code: self.cleaned_data.get(name, "")
            for _dimension, leaf, name in self.leaves
            if leaf.kind != Kind.DEDUCTION
        }

    def deductions(self) -> dict[str, str]:
        return {
            leaf.code: self.cleaned_data.get(name, "")
            for _dimension, leaf, name in self.leaves
            if leaf.kind == Kind.DEDUCTION
        }


class ConfirmForm(forms.Form):
    """An irreversible step of the branch or the street, confirmed on its page."""

    confirm = forms.BooleanField(
        required=True, error_messages={"required": _("Tick the box to confirm that you want to do this.")}
    )
