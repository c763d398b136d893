"""Evidence files (佐证材料): one upload for one item of the score sheet."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class EvidenceUploadForm(forms.Form):
    """The upload button of a row names its item (``code``); the row's file input is ``file-<code>``.

    The service checks the file's type and size and whether the item may take evidence now.
    """

    code = forms.CharField(required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        code = cleaned.get("code", "")
        cleaned["upload"] = self.files.get(f"file-{code}")
        if cleaned["upload"] is None:
            raise ValidationError(_("%(code)s: choose a file to upload.") % {"code": code or "?"})
        return cleaned
