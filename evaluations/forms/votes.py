"""Satisfaction votes: the ballot of a resident (with a code) or of a party member."""

from django import forms


class BallotForm(forms.Form):
    """The option chosen; the service says when it is not one of the survey's options."""

    option = forms.CharField(required=False)
