"""One rectification case (整改事项, seed 003): its tasks, its history and the forms of whoever acts now (the
organization's progress report and submission, the level above's close-out and send-back); its evidence files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from evaluations.exports.evidence import evidence_file_response
from evaluations.forms.rectification import CaseActionForm, CloseOutForm, ProgressForm, SendBackForm, SubmitForm
from evaluations.rectification_permissions import check_side, get_case_evidence_for_user, get_case_for_user, may_act
from evaluations.rules.rectification import MOVES, CaseStep, is_overdue, next_status
from evaluations.selectors.rectification import case_history
from evaluations.services.rectification import close_out, report_progress, send_back, submit_for_close_out

# In the order the page shows them: the organization reports, then submits; the level above closes out or sends back.
ACTION_STEPS = {
    "progress": CaseStep.PROGRESS,
    "submit": CaseStep.SUBMITTED,
    "close": CaseStep.CLOSED,
    "send_back": CaseStep.SENT_BACK,
}


def _forms(case, user, data=None, files=None, action=""):
    """The forms of the steps the user may take now, the one sent bound to its data."""

    def bound(name):
        return (data, files) if action == name else (None, None)

    makers = {
        "progress": lambda: ProgressForm(*bound("progress"), case=case),
        "submit": lambda: SubmitForm(bound("submit")[0]),
        "send_back": lambda: SendBackForm(bound("send_back")[0]),
        "close": lambda: CloseOutForm(bound("close")[0]),
    }
    forms = {}
    all_done = all(task.done for task in case.tasks.all())
    for name, step in ACTION_STEPS.items():
        if next_status(case.status, step) is None or not may_act(user, case, MOVES[step].side):
            continue
        if name == "submit" and not all_done and action != "submit":
            continue  # offered once every task is ticked off; the page says so
        forms[name] = makers[name]()
    return forms


def _act(case, action: str, values: dict, user) -> str:
    if action == "progress":
        report_progress(
            case=case, note=values["note"], tasks_done=values["tasks_done"], uploads=values["evidence"], by=user
        )
        return _("The progress is reported.")
    if action == "submit":
        submit_for_close_out(case=case, note=values["note"], by=user)
        return _("The case is submitted to the level above for close-out.")
    if action == "send_back":
        send_back(case=case, reason=values["reason"], deadline=values["deadline"], by=user)
        return _("The case is sent back to the organization with the reason.")
    close_out(case=case, note=values["note"], by=user)
    return _("The case is closed out.")


@login_required
@require_http_methods(["GET", "POST"])
def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    forms, errors = _forms(case, request.user), []
    if request.method == "POST":
        chosen = CaseActionForm(request.POST, request.FILES)
        action = chosen.cleaned_data["action"] if chosen.is_valid() else ""
        try:
            if action:
                # A step of the other side is refused with its reason (audited), whatever the page showed.
                check_side(request.user, case, MOVES[ACTION_STEPS[action]].side)
        except PermissionDenied as refusal:
            errors.append(str(refusal))
            return _page(request, case, forms, errors, status=403)
        forms = _forms(case, request.user, chosen.data, chosen.files, action)
        form = forms.get(action)
        if form is None:
            errors.append(_("This step cannot be taken on the case now: reload the page."))
        elif form.is_valid():
            try:
                messages.success(request, _act(case, action, form.cleaned_data, request.user))
                return redirect("evaluations:rectification_detail", pk=case.pk)
            except ValidationError as error:
                for field, field_errors in error.message_dict.items() if hasattr(error, "error_dict") else ():
                    for message in field_errors:
                        form.add_error(field if field in form.fields else None, message)
                if not hasattr(error, "error_dict"):
                    errors.extend(error.messages)
    return _page(request, case, forms, errors, status=400 if request.method == "POST" else 200)


def _page(request: HttpRequest, case, forms: dict, errors: list[str], *, status: int) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "evaluations/rectification/detail.html",
        {
            "case": case,
            "tasks": list(case.tasks.all()),
            "history": case_history(case),
            "forms": forms,
            "submit_waits": "progress" in forms and "submit" not in forms,
            "errors": errors,
            "overdue": is_overdue(deadline=case.deadline, status=case.status, today=today),
            "days_overdue": (today - case.deadline).days,
        },
        status=status,
    )


@login_required
@require_GET
def rectification_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file of a progress report, to those who see the case; every download is audited."""
    evidence = get_case_evidence_for_user(request.user, pk)
    return evidence_file_response(
        request,
        evidence,
        object_type="rectification_case",
        object_id=evidence.event.case_id,
        detail={"kind": "rectification_evidence", "evidence": evidence.pk},
    )
