"""The score sheet of one stage, as the score-entry page and its live preview post it: one field per input
of the evaluation's tree."""

from django import forms
from django.http import HttpRequest

from evaluations.forms.common import RowFieldsForm, VersionField
from evaluations.models import Stage
from evaluations.rules.tree import Tree
from evaluations.services.scores.inputs import UNCHANGED, ScoreInput, Unchanged


class TextListField(forms.Field):
    """The values of a group of checkboxes as sent; the service names the item of a value it does not know."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value) -> list[str]:
        return [str(item) for item in value or []]


class ScoreSheetForm(RowFieldsForm):
    """Per item ``points-<code>`` and ``note-<code>`` (the review also ticks ``check-<code>``), per veto item
    ``veto-<code>`` and ``veto-note-<code>``, the self-assessment's ``declared_stars`` and the ``lock_version``
    the page was loaded at. Values go to evaluation_scores_save as typed: it says which are wrong, by item.
    A ranked campaign (Jinyuan secretaries) has no star level to declare.
    """

    lock_version = VersionField()
    then = forms.CharField(required=False)  # "submit": the self-assessment's submit button, after saving

    def __init__(self, *args, tree: Tree, stage: str, ranked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree, self.stage, self.ranked = tree, stage, ranked
        for leaf in tree.leaves:
            self.add_row_field(leaf.code, f"points-{leaf.code}", forms.CharField(required=False))
            self.add_row_field(leaf.code, f"note-{leaf.code}", forms.CharField(required=False))
            if stage == Stage.REVIEW:
                self.add_row_field(leaf.code, f"check-{leaf.code}", TextListField(required=False))
        for veto in tree.vetoes:
            self.add_row_field(veto.code, f"veto-{veto.code}", forms.BooleanField(required=False))
            self.add_row_field(veto.code, f"veto-note-{veto.code}", forms.CharField(required=False))
        if stage == Stage.SELF_ASSESSMENT and not ranked:
            self.add_row_field("declared_stars", "declared_stars", forms.CharField(required=False))

    def _value(self, name: str, empty=""):
        return self.cleaned_data.get(name, empty)

    def values(self) -> dict[str, ScoreInput]:
        """The points and note typed for every item (blank points clear the item's score)."""
        return {
            leaf.code: ScoreInput(self._value(f"points-{leaf.code}"), self._value(f"note-{leaf.code}"))
            for leaf in self.tree.leaves
        }

    def veto_notes(self) -> dict[str, str]:
        """The note typed beside every veto item, ticked or not."""
        return {veto.code: self._value(f"veto-note-{veto.code}") for veto in self.tree.vetoes}

    def vetoes(self) -> dict[str, str]:
        """The veto items ticked as hit, each with its note."""
        return {code: note for code, note in self.veto_notes().items() if self._value(f"veto-{code}", False)}

    def methods(self) -> dict[str, list[str]] | None:
        """How the review checked every item (an empty list clears it); None outside the review."""
        if self.stage != Stage.REVIEW:
            return None
        return {leaf.code: self._value(f"check-{leaf.code}", []) for leaf in self.tree.leaves}

    def declared_stars(self) -> str | Unchanged:
        """The star level the self-assessment declares, as typed; outside it the saved one stays."""
        if self.stage != Stage.SELF_ASSESSMENT or self.ranked:
            return UNCHANGED
        return self._value("declared_stars")

    def submits(self) -> bool:
        """Whether the sheet was posted by the self-assessment's submit button: save, then hand it in."""
        return self.stage == Stage.SELF_ASSESSMENT and self._value("then") == "submit"

    def errors_by_code(self) -> dict[str, str]:
        """The form's own errors by the item they belong to, as the service gives its own."""
        return {code: " ".join(messages) for code, messages in self.errors_by_row().items()}


def stage_from_request(request: HttpRequest) -> Stage:
    """The stage named in ``?stage=``: the review, or else the self-assessment."""
    return Stage.REVIEW if request.GET.get("stage") == Stage.REVIEW else Stage.SELF_ASSESSMENT
