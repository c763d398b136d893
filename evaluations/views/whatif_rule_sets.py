"""What-if pages of a consequence rule set: the draft's form, a run's outcome (which consequences would appear or
vanish per street) with its export, and its adoption as the rule set's next version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.exports import export_download
from evaluations.exports.whatif import WhatIfConsequencesExport
from evaluations.forms.whatif import WhatIfAdoptForm
from evaluations.forms.whatif_rule_sets import RuleSetWhatIfForm
from evaluations.permissions import get_rule_set_what_if_for_user
from evaluations.selectors.whatif import consequence_outcome, what_if_rule_sets, what_if_scopes
from evaluations.services.whatif_rule_sets import (
    rule_set_next_version,
    rule_set_what_if_request,
)
from evaluations.services.whatif_rule_sets import rule_set_what_if_adopt as draft_adopt
from orgs.permissions import Capability, require_capability


@login_required
@require_http_methods(["GET", "POST"])
def rule_set_what_if_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft: each rule's results and times, and the whole rule set as YAML, prefilled with the version in use."""
    require_capability(request.user, Capability.MANAGE_CAMPAIGNS)
    rule_set = what_if_rule_sets().filter(pk=pk).first()
    if rule_set is None:
        raise Http404(_("No such rule set is in use."))
    form = RuleSetWhatIfForm(request.POST or None, rule_set=rule_set, scopes=what_if_scopes(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            what_if = rule_set_what_if_request(
                rule_set=rule_set,
                scope=form.cleaned_data["scope"],
                source_yaml=form.source_yaml,
                edits=form.edits,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("evaluations:rule_set_what_if_detail", pk=what_if.pk)
    return render(request, "evaluations/rule_set_what_if_new.html", {"rule_set": rule_set, "form": form})


@login_required
@require_GET
def rule_set_what_if_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A run: its progress while it runs, then per street which consequences would appear or vanish."""
    what_if = get_rule_set_what_if_for_user(request.user, pk)
    next_version = rule_set_next_version(what_if)
    return render(
        request,
        "evaluations/rule_set_what_if_detail.html",
        {
            "what_if": what_if,
            "consequences": consequence_outcome(what_if),
            "next_version": next_version,
            "adopt_form": WhatIfAdoptForm(initial={"version": next_version}),
        },
    )


@login_required
@require_GET
def rule_set_what_if_export(request: HttpRequest, pk: int) -> HttpResponse:
    what_if = get_rule_set_what_if_for_user(request.user, pk)
    export = WhatIfConsequencesExport(what_if, consequence_outcome(what_if))
    return export_download(
        request, export, object_type="consequence_rule_set", object_id=what_if.rule_set_id, detail={"what_if": pk}
    )


@login_required
@require_POST
def rule_set_what_if_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """Adopt the draft as the rule set's next version and queue the consequence job; a stale confirmation is
    refused."""
    what_if = get_rule_set_what_if_for_user(request.user, pk)
    form = WhatIfAdoptForm(request.POST, expected=rule_set_next_version(what_if))
    if not form.is_valid():
        for message in form.errors.get("version", []) + form.non_field_errors():
            messages.error(request, message)
        return redirect("evaluations:rule_set_what_if_detail", pk=what_if.pk)
    try:
        stored = draft_adopt(what_if=what_if, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The draft is now version %(version)s of %(name)s, in use; the consequences are being updated.")
            % {"version": stored.version, "name": stored.name},
        )
    return redirect("evaluations:rule_set_what_if_detail", pk=what_if.pk)
