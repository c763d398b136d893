"""The user's notifications."""

from django import forms


class NotificationReadForm(forms.Form):
    """Mark a notification read; ``follow`` also opens its link."""

    follow = forms.BooleanField(required=False)
