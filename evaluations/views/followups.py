"""Follow-up per final pioneer-index grade: the list in scope, one follow-up's page and its forms, the priority
list for higher honours as .xlsx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from evaluations.exports.honours import HonoursPriorityExport
from evaluations.forms.followups import (
    DisposalCloseForm,
    DisposalStepForm,
    FollowUpActionForm,
    NoteForm,
    PairedHelpForm,
)
from evaluations.models import FollowUpKind, FollowUpStatus
from evaluations.permissions import get_follow_up_for_user
from evaluations.selectors.followups import follow_ups_visible_to, honours_priority
from evaluations.services.followups import (
    disposal_close,
    disposal_step_record,
    follow_up_note_add,
    paired_help_set,
)
from orgs.models import AuditAction
from orgs.permissions import Capability, has_any_capability
from orgs.services.audit import audit_record
from starrating.db_router import reads_from_replica

PAGE_SIZE = 50


@login_required
@require_GET
def follow_up_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") if request.GET.get("kind") in FollowUpKind.values else ""
    status = request.GET.get("status") if request.GET.get("status") in FollowUpStatus.values else ""
    follow_ups = follow_ups_visible_to(request.user)
    if kind:
        follow_ups = follow_ups.filter(kind=kind)
    if status:
        follow_ups = follow_ups.filter(status=status)
    if kind == FollowUpKind.COMMENDATION:
        follow_ups = follow_ups.order_by("branch__path", "-final_points", "member__name")
    page = Paginator(follow_ups, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(f"{name}={value}" for name, value in (("kind", kind), ("status", status)) if value)
    return render(
        request,
        "evaluations/follow_up_list.html",
        {"page": page, "kind": kind, "status": status, "kinds": FollowUpKind.choices, "query": query},
    )


def _forms(follow_up, data=None, action=""):
    """The page's forms for the follow-up's kind, the one sent bound to its data."""

    def bound(name):
        return data if action == name else None

    if follow_up.kind == FollowUpKind.PAIRED_HELP:
        initial = {"helper": follow_up.helper_id, "plan": follow_up.plan}
        return {
            "pair": PairedHelpForm(bound("pair"), follow_up=follow_up, initial=initial),
            "note": NoteForm(bound("note")),
        }
    if follow_up.kind == FollowUpKind.DISPOSAL:
        return {
            "step": DisposalStepForm(bound("step"), initial={"step": follow_up.step}),
            "close": DisposalCloseForm(bound("close")),
        }
    return {}


def _act(follow_up, action: str, values: dict, user):
    if action == "pair":
        paired_help_set(follow_up=follow_up, helper=values["helper"], plan=values["plan"], by=user)
        return _("The helper and the plan are saved.")
    if action == "note":
        follow_up_note_add(follow_up=follow_up, text=values["text"], by=user)
        return _("The progress note is added.")
    if action == "step":
        disposal_step_record(
            follow_up=follow_up, step=values["step"], text=values["text"], deadline=values["deadline"], by=user
        )
        return _("The step is recorded.")
    disposal_close(follow_up=follow_up, outcome=values["outcome"], text=values["text"], by=user)
    return _("The disposal case is closed with its outcome.")


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_follow_up_for_user(request.user, pk)
    forms, errors = _forms(follow_up), []
    if request.method == "POST":
        chosen = FollowUpActionForm(request.POST)
        action = chosen.cleaned_data["action"] if chosen.is_valid() else ""
        forms = _forms(follow_up, chosen.data, action)
        form = forms.get(action)
        if form is None:
            errors.append(_("This follow-up has no such form: reload the page."))
        elif form.is_valid():
            try:
                messages.success(request, _act(follow_up, action, form.cleaned_data, request.user))
                return redirect("evaluations:follow_up_detail", pk=follow_up.pk)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, field_errors in error.error_dict.items():
                        for message in field_errors:
                            form.add_error(field if field in form.fields else None, message)
                else:
                    errors.extend(error.messages)
    may_act = has_any_capability(
        request.user, (Capability.ENTER_SELF_ASSESSMENT, Capability.REVIEW_SCORES), follow_up.branch
    )
    return render(
        request,
        "evaluations/follow_up_detail.html",
        {
            "follow_up": follow_up,
            "notes": follow_up.notes.select_related("by"),
            "forms": forms,
            "errors": errors,
            "may_act": may_act and follow_up.status == FollowUpStatus.OPEN,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
@reads_from_replica()
def honours_priority_export(request: HttpRequest) -> HttpResponse:
    export = HonoursPriorityExport(honours_priority(request.user))
    response = export.download("xlsx")
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type="follow_up",
        object_id="",
        detail={"kind": export.kind, "format": "xlsx", "rows": export.rows_written},
        request=request,
    )
    return response
