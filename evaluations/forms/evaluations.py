"""The transition buttons of an evaluation's page."""

from django import forms


class TransitionForm(forms.Form):
    """Submit, return, reopen or revise: the transition rules judge the action, the reason and the target stage."""

    action = forms.CharField(required=False)
    reason = forms.CharField(required=False)
    target_order = forms.IntegerField(required=False, min_value=0)
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
