"""Award nominations (评先评优): nominating an organization or a person, the district's decision, the list's filters.
The service checks eligibility and duplicates; these parse the post."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.forms.secretary_stars import YearField
from evaluations.models import AwardKind, NominationStatus
from orgs.models import Member, Secretary

DECISIONS = ("confirm", "reject")


class NominationForm(forms.Form):
    """The level above nominates one of its organizations, or a person of one, for a year's award."""

    year = YearField(label=_("Award year"))
    award = forms.ChoiceField(
        label=_("Award"),
        choices=AwardKind.choices,
        error_messages={"invalid_choice": _("Choose one of the awards listed.")},
    )
    organization = forms.ModelChoiceField(
        queryset=None,
        label=_("Organization"),
        help_text=_("For a person: the organization the person leads or belongs to, then choose the person."),
        error_messages={
            "required": _("Choose the organization to nominate, or the person's organization."),
            "invalid_choice": _("Choose an organization below you in your scope."),
        },
    )
    person = forms.ChoiceField(
        label=_("Person (outstanding member or party affairs worker)"),
        required=False,
        error_messages={"invalid_choice": _("Choose a secretary or member of the chosen organization.")},
    )
    reason = forms.CharField(
        label=_("Deeds and reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the deeds and the reason for the nomination.")},
    )

    def __init__(self, *args, organizations, people, recommended=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        marker = str(_("commendation candidate"))
        self.fields["organization"].label_from_instance = lambda organization: (
            f"{organization.name}（{organization.get_level_display()}）"
            + (f" ★{marker}" if organization.pk in recommended else "")
        )
        self.fields["person"].choices = [("", _("— an organization is nominated —")), *people]

    def clean_person(self) -> tuple[Secretary | None, Member | None]:
        """The chosen person as (secretary, member); (None, None) when no person is chosen."""
        choice = self.cleaned_data["person"]
        if not choice:
            return None, None
        if choice.startswith("s"):
            return Secretary.objects.select_related("organization").get(pk=int(choice[1:])), None
        return None, Member.objects.select_related("branch").get(pk=int(choice[1:]))


class ChosenForm(forms.Form):
    """What the nomination form has chosen so far (sent again as it changes): the organization whose people are
    listed and the year whose commendation candidates are marked. A value that is not valid is left out."""

    year = forms.IntegerField(required=False, min_value=2000, max_value=2099)
    award = forms.ChoiceField(required=False, choices=AwardKind.choices)
    organization = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def chosen(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}


class BackForm(forms.Form):
    """The list (with its filters) the action was taken from, to return to."""

    next = forms.CharField(required=False, max_length=2000)


class DecisionForm(BackForm):
    """The district confirms a nomination, or rejects it with the reason."""

    decision = forms.ChoiceField(choices=[(decision, decision) for decision in DECISIONS])
    rejection_reason = forms.CharField(label=_("Reason for not adopting it"), max_length=2000, required=False)


class NominationFilterForm(forms.Form):
    """The list's filters, from the query string; a value that is not one of the choices is ignored."""

    year = forms.TypedChoiceField(required=False, label=_("Award year"), coerce=int, empty_value=None)
    award = forms.ChoiceField(required=False, label=_("Award"), choices=[("", _("All awards")), *AwardKind.choices])
    street = forms.ModelChoiceField(queryset=None, required=False, label=_("Street"), empty_label=_("All streets"))
    status = forms.ChoiceField(
        required=False, label=_("Status"), choices=[("", _("All statuses")), *NominationStatus.choices]
    )

    def __init__(self, *args, streets, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets
        if not streets.exists():
            del self.fields["street"]  # a community's own nominations: there is no street to choose
        self.fields["year"].choices = [("", _("All years")), *((year, year) for year in years)]
