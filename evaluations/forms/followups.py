"""Follow-up forms: the helper and plan of a paired help, a progress note, a disposal step, closing a case."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import DisposalOutcome, DisposalStep, FollowUp
from orgs.models import Member

ACTIONS = ("pair", "note", "step", "close")


class FollowUpActionForm(forms.Form):
    """Which of the page's forms was sent."""

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])


class PairedHelpForm(forms.Form):
    helper = forms.ModelChoiceField(
        label=_("Helper"),
        queryset=Member.objects.none(),
        empty_label=_("Choose a member of the branch"),
        error_messages={"invalid_choice": _("Choose the helper among the active members of the branch.")},
    )
    plan = forms.CharField(label=_("Help plan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, follow_up: FollowUp, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = (
            Member.objects.filter(branch_id=follow_up.branch_id, is_active=True)
            .exclude(pk=follow_up.member_id)
            .order_by("name", "pk")
        )
        self.fields["helper"].label_from_instance = lambda member: member.name


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Progress note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DisposalStepForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=DisposalStep.choices)
    text = forms.CharField(label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(
        label=_("New deadline (leave empty to keep it)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class DisposalCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DisposalOutcome.choices)
    text = forms.CharField(
        label=_("Decision and notice to the member"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
