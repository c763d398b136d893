"""Policy what-if pages: the templates to try, a draft's form, a run's outcome with its export and its adoption."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.exports import campaign_export_download
from evaluations.exports.whatif import WhatIfExport
from evaluations.forms.whatif import WhatIfAdoptForm, WhatIfDraftForm
from evaluations.permissions import get_what_if_for_user
from evaluations.selectors.whatif import (
    campaigns_for_what_if,
    consequence_outcome,
    rule_set_what_ifs_visible_to,
    template_may_try,
    what_if_outcome,
    what_if_rule_sets,
    what_if_templates,
    what_ifs_visible_to,
)
from evaluations.services.whatif import policy_what_if_adopt, policy_what_if_request, what_if_next_version
from orgs.permissions import Capability, require_capability
from scoring.models import IndicatorTemplate

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
def what_if_export(request: HttpRequest, pk: int) -> HttpResponse:
    what_if = get_what_if_for_user(request.user, pk)
    export = WhatIfExport(what_if, what_if_outcome(what_if), consequence_outcome(what_if))
    return campaign_export_download(request, export, campaign=what_if.campaign, detail={"what_if": what_if.pk})


@login_required
@require_POST
def what_if_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """Adopt the draft as the template's next version; the confirmation names that version, and a stale one is
    refused."""
    what_if = get_what_if_for_user(request.user, pk)
    form = WhatIfAdoptForm(request.POST, expected=what_if_next_version(what_if))
    if not form.is_valid():
        for message in form.errors.get("version", []) + form.non_field_errors():
            messages.error(request, message)
        return redirect("evaluations:what_if_detail", pk=what_if.pk)
    try:
        stored = policy_what_if_adopt(what_if=what_if, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The draft is now version %(version)s of %(name)s; new campaigns can use it.")
            % {"version": stored.version, "name": stored.name},
        )
    return redirect("evaluations:what_if_detail", pk=what_if.pk)
