"""Rectification to close-out (整改销号): opening a case, the organization's progress report and submission, the
level above's close-out and send-back, and the list's filters. The services check the rules; these parse the post."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.forms.secretary_stars import EvidenceFilesField, YearField
from evaluations.models import Consequence, RectificationCase
from evaluations.rules.rectification import CASE_KIND_LABELS, CASE_STATUS_LABELS, CaseKind
from orgs.models import User

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEADLINE_ERRORS = {"required": _("Give the deadline."), "invalid": _("Give the deadline as 2026-07-01.")}
ACTIONS = ("progress", "submit", "send_back", "close")


class CaseSourceForm(forms.Form):
    """The consequence of a rating a case is opened from, if any (from a row of the consequence lists)."""

    consequence = forms.ModelChoiceField(
        queryset=None,
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This consequence is not in force in your scope.")},
    )

    def __init__(self, *args, consequences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consequence"].queryset = consequences


class CaseOpenForm(forms.Form):
    """The level above opens a case on an organization of its scope; from a consequence, on its organization."""

    organization = forms.ModelChoiceField(
        queryset=None,
        label=_("Organization"),
        error_messages={
            "required": _("Choose the organization the case is about."),
            "invalid_choice": _("Choose an organization below you in your scope."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(kind.value, label) for kind, label in CASE_KIND_LABELS.items() if kind != CaseKind.CONSEQUENCE],
    )
    year = YearField(label=_("Year of the list"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Problem description"), widget=forms.Textarea(attrs={"rows": 4}))
    tasks = forms.CharField(
        label=_("Tasks (one a line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Each line becomes a task the organization ticks off when it is done."),
    )
    deadline = forms.DateField(label=_("Rectification deadline"), widget=DATE_WIDGET, error_messages=DEADLINE_ERRORS)
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Owner's account"),
        empty_label=_("No account: name the person below"),
        error_messages={"invalid_choice": _("Choose an administrator of an organization in your scope.")},
    )
    owner_name = forms.CharField(
        label=_("Owner"),
        max_length=100,
        required=False,
        help_text=_("The person responsible, for example the secretary; the account's name if left empty."),
    )

    def __init__(self, *args, organizations, owners, consequence: Consequence | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if consequence is not None:
            # The consequence says where and what: its organization is fixed, its kind too.
            del self.fields["kind"]
            self.fields["organization"].disabled = True
            self.fields["organization"].initial = consequence.organization_id
        self.fields["organization"].label_from_instance = lambda organization: (
            f"{organization.name}（{organization.get_level_display()}）"
        )
        labels = dict(owners)
        self.fields["owner"].queryset = User.objects.filter(pk__in=labels).order_by("username")
        self.fields["owner"].label_from_instance = lambda user: labels.get(user.pk, str(user))

    def clean_tasks(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["tasks"].splitlines() if line.strip()]


class CaseActionForm(forms.Form):
    """Which of the case page's forms was sent."""

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("Progress made"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what was done since the last report.")},
    )
    tasks_done = forms.TypedMultipleChoiceField(
        label=_("Tasks now done"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    evidence = EvidenceFilesField(label=_("Evidence (PDF, JPG, PNG or DOCX, at most 10 MB each)"))

    def __init__(self, *args, case: RectificationCase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks_done"].choices = [
            (task.pk, f"{task.order}. {task.text}") for task in case.tasks.all() if not task.done
        ]


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Summary for the level above (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for sending it back"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the case is sent back: the organization reads it.")},
    )
    deadline = forms.DateField(
        label=_("New deadline (leave empty to keep it)"),
        required=False,
        widget=DATE_WIDGET,
        error_messages=DEADLINE_ERRORS,
    )


class CloseOutForm(forms.Form):
    note = forms.CharField(
        label=_("Check opinion (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CaseFilterForm(forms.Form):
    """The list's filters, from the query string; a value that is not one of the choices is ignored."""

    street = forms.ModelChoiceField(queryset=None, required=False, label=_("Street"), empty_label=_("All streets"))
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("All statuses")), *((status.value, label) for status, label in CASE_STATUS_LABELS.items())],
    )
    overdue = forms.BooleanField(required=False, label=_("Overdue only"))
    year = forms.TypedChoiceField(required=False, label=_("Year"), coerce=int, empty_value=None)
    sort = forms.ChoiceField(
        required=False,
        label=_("Order"),
        choices=[("deadline", _("Deadline, earliest first")), ("-deadline", _("Deadline, latest first"))],
    )

    def __init__(self, *args, streets, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets
        if not streets.exists():
            del self.fields["street"]  # a community's own cases: there is no street to choose
        self.fields["year"].choices = [("", _("All years")), *((year, year) for year in years)]
