"""Policy what-if pages: the templates and rule sets to try, a draft's form, a run's outcome with its export and its
adoption as the next version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.exports import campaign_export_download, export_download
from evaluations.exports.whatif import WhatIfConsequencesExport, WhatIfExport
from evaluations.forms.whatif import WhatIfAdoptForm, WhatIfDraftForm
from evaluations.forms.whatif_rule_sets import RuleSetWhatIfForm
from evaluations.permissions import get_rule_set_what_if_for_user, get_what_if_for_user
from evaluations.selectors.whatif import (
    campaigns_for_what_if,
    consequence_outcome,
    rule_set_what_ifs_visible_to,
    template_may_try,
    what_if_outcome,
    what_if_rule_sets,
    what_if_scopes,
    what_if_templates,
    what_ifs_visible_to,
)
from evaluations.services.whatif import policy_what_if_adopt, policy_what_if_request, what_if_next_version
from evaluations.services.whatif_rule_sets import (
    rule_set_draft_adopt,
    rule_set_next_version,
    rule_set_what_if_request,
)
from orgs.permissions import Capability, require_capability
from scoring.models import IndicatorTemplate
from starrating.db_router import reads_from_replica

RECENT_RUNS = 30


@login_required
@require_GET
def what_if_list(request: HttpRequest) -> HttpResponse:
    """The templates whose numbers can be tried, the rule sets whose rules can, and the recent runs of both."""
    require_capability(request.user, Capability.MANAGE_CAMPAIGNS)
    return render(
        request,
        "evaluations/what_if_list.html",
        {
            "templates": what_if_templates(),
            "runs": what_ifs_visible_to(request.user)[:RECENT_RUNS],
            "rule_sets": what_if_rule_sets(),
            "rule_set_runs": rule_set_what_ifs_visible_to(request.user)[:RECENT_RUNS],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def what_if_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft: the template's numbers prefilled, the campaign to try them on."""
    require_capability(request.user, Capability.MANAGE_CAMPAIGNS)
    template = IndicatorTemplate.objects.filter(pk=pk).first()
    if template is None or not template_may_try(template):
        raise Http404(_("No such template can be tried."))
    campaigns = campaigns_for_what_if(request.user, template)
    form = WhatIfDraftForm(request.POST or None, template=template.as_definition(), campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        try:
            what_if = policy_what_if_request(
                template=template,
                campaign=form.cleaned_data["campaign"],
                draft=form.draft,
                edits=form.edits,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("evaluations:what_if_detail", pk=what_if.pk)
    return render(request, "evaluations/what_if_new.html", {"template": template, "form": form})


@login_required
@require_GET
def what_if_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A run: its progress while it runs, then per street who gains and who loses, and the adoption."""
    what_if = get_what_if_for_user(request.user, pk)
    return render(
        request,
        "evaluations/what_if_detail.html",
        {
            "what_if": what_if,
            "outcome": what_if_outcome(what_if),
            "consequences": consequence_outcome(what_if),
            "next_version": what_if_next_version(what_if),
            "adopt_form": WhatIfAdoptForm(initial={"version": what_if_next_version(what_if)}),
        },
    )


@login_required
@require_GET
@reads_from_replica()
def what_if_export(request: HttpRequest, pk: int) -> HttpResponse:
    what_if = get_what_if_for_user(request.user, pk)
    export = WhatIfExport(what_if, what_if_outcome(what_if), consequence_outcome(what_if))
    return campaign_export_download(request, export, campaign=what_if.campaign, detail={"what_if": what_if.pk})


def _adopt(request: HttpRequest, what_if, *, expected: int, adopt, success: str, detail: str) -> HttpResponse:
    """The confirmed version checked, the draft adopted by the service, the outcome told, back to the run's page."""
    form = WhatIfAdoptForm(request.POST, expected=expected)
    if not form.is_valid():
        for message in form.errors.get("version", []) + form.non_field_errors():
            messages.error(request, message)
        return redirect(detail, pk=what_if.pk)
    try:
        stored = adopt(what_if=what_if, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success % {"version": stored.version, "name": stored.name})
    return redirect(detail, pk=what_if.pk)


@login_required
@require_POST
def what_if_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """Adopt the draft as the template's next version; the confirmation names that version, and a stale one is
    refused."""
    what_if = get_what_if_for_user(request.user, pk)
    return _adopt(
        request,
        what_if,
        expected=what_if_next_version(what_if),
        adopt=policy_what_if_adopt,
        success=_("The draft is now version %(version)s of %(name)s; new campaigns can use it."),
        detail="evaluations:what_if_detail",
    )


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
@reads_from_replica()
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
    return _adopt(
        request,
        what_if,
        expected=rule_set_next_version(what_if),
        adopt=rule_set_draft_adopt,
        success=_("The draft is now version %(version)s of %(name)s, in use; the consequences are being updated."),
        detail="evaluations:rule_set_what_if_detail",
    )
