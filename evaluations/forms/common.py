"""What the forms of the process pages share: their messages, the hidden version, fields made per row of a page."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def error_messages(form: forms.Form) -> list[str]:
    """Every message of a bound form, for the pages that show them as a list."""
    return [str(message) for messages in form.errors.values() for message in messages]


class VersionField(forms.IntegerField):
    """The version of the object a page was loaded at, sent back from a hidden input (none: not checked); the
    service refuses a save over a newer version."""

    widget = forms.HiddenInput
    default_error_messages = {"invalid": _("The page is out of date or was altered: reload it and try again.")}

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)


class RowFieldsForm(forms.Form):
    """A form whose fields are made per row of its page (an item of the tree, a stage): errors come back by row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_of: dict[str, str] = {}  # field name → the row it belongs to

    def add_row_field(self, row: str, name: str, field: forms.Field) -> None:
        self.fields[name] = field
        self.row_of[name] = row

    def errors_by_row(self) -> dict[str, list[str]]:
        """The form's own errors (a malformed hidden value, a null character) by row; the others under __all__."""
        rows: dict[str, list[str]] = {}
        for name, messages in self.errors.items():
            rows.setdefault(self.row_of.get(name, "__all__"), []).extend(messages)
        return rows


def cleaned(form: forms.Form) -> dict:
    """The cleaned data of a bound form, or a ValidationError with its messages: for the views that report a
    form's problems as they report a service's refusal."""
    if not form.is_valid():
        raise ValidationError(error_messages(form))
    return form.cleaned_data
