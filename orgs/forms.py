"""Forms of the organization pages: every POST is parsed here; the rules stay in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from orgs.models import RosterKind
from orgs.services.rosters import RosterFileError, check_upload


class RosterUploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Roster kind"), choices=RosterKind.choices)
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(name=upload.name, size=upload.size)
        except RosterFileError as problem:
            raise ValidationError(str(problem)) from None
        return upload
