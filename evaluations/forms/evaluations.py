"""The transition buttons of an evaluation's page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.forms.common import VersionField


class TransitionForm(forms.Form):
    """Submit, return, reopen or revise: the transition rules judge the action, the reason and the target stage."""

    action = forms.CharField(required=False)
    reason = forms.CharField(required=False)
    target_order = forms.IntegerField(
        required=False, min_value=0, error_messages={"invalid": _("No such stage."), "min_value": _("No such stage.")}
    )
    lock_version = VersionField()
