"""Publicity (公示): an objection filed on the public page, and the street's answer to one."""

from django import forms


class ObjectionForm(forms.Form):
    """Anyone's objection; the service checks every field and names it (the organization, the text, the contact)."""

    evaluation = forms.CharField(required=False)
    text = forms.CharField(required=False)
    name = forms.CharField(required=False)
    contact = forms.CharField(required=False)


class ObjectionAnswerForm(forms.Form):
    answer = forms.CharField(required=False)
