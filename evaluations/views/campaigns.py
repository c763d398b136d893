"""Creating a campaign (评星定级活动) and setting a community's personalised "+1" sub-items from the browser."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.forms.campaigns import CampaignForm
from evaluations.permissions import get_campaign_for_user
from evaluations.selectors.campaigns import campaign_computation_progress, campaigns_visible_to
from evaluations.selectors.evaluations import evaluations_visible_to
from evaluations.selectors.pioneer import pioneer_branches
from evaluations.services.campaigns import campaign_create, campaign_open
from evaluations.services.compute.request import campaign_compute_request
from orgs.models import Level
from orgs.permissions import Capability, has_capability, organizations_visible_to, require_capability


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create_view(request: HttpRequest) -> HttpResponse:
    """The district sets up a draft campaign; it is opened from its page."""
    require_capability(request.user, Capability.MANAGE_CAMPAIGNS)
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaign_create(
                name=data["name"],
                template=data["template"],
                scope=data["scope"],
                year=data["year"],
                period_kind=data["period_kind"],
                period_number=data["period_number"],
                levels=data["levels"],
                domains=data["domains"],
                org_types=data["org_types"],
                subject_kind=data["subject_kind"] or None,
                procedure=data["procedure"],
                member_categories=data["member_categories"],
                by=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The campaign was created as a draft; open it when it is ready."))
            return redirect("evaluations:campaign_evaluations", pk=campaign.pk)
    return render(request, "evaluations/campaign_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = campaigns_visible_to(request.user).select_related("template", "scope").order_by("-year", "-pk")
    return render(
        request,
        "evaluations/campaign_list.html",
        {"campaigns": campaigns, "can_manage": has_capability(request.user, Capability.MANAGE_CAMPAIGNS)},
    )


@login_required
@require_GET
def campaign_evaluations(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    evaluations = (
        evaluations_visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("organization", "result", "stage", "secretary", "member")
        .order_by("organization__path")
    )
    user, scope = request.user, campaign.scope
    return render(
        request,
        "evaluations/campaign_evaluations.html",
        {
            "campaign": campaign,
            "evaluations": evaluations,
            "can_manage": has_capability(user, Capability.MANAGE_CAMPAIGNS, scope),
            # The process pages this user works on, linked from the campaign.
            "can_review": has_capability(user, Capability.REVIEW_SCORES),
            "can_give_opinion": has_capability(user, Capability.GIVE_OPINION, scope),
            "can_rank": has_capability(user, Capability.BUILD_RECOMMENDATION, scope)
            or has_capability(user, Capability.APPROVE_RESULTS, scope),
            "publicity_streets": organizations_visible_to(user, Capability.RUN_PUBLICITY)
            .filter(level=Level.STREET, path__startswith=scope.path)
            .order_by("path")
            .only("pk", "code", "name")[:100],
            "pioneer_branches": pioneer_branches(user, campaign),
            "computation": campaign_computation_progress(campaign),
        },
    )


@login_required
@require_POST
def campaign_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Capability.MANAGE_CAMPAIGNS)
    try:
        campaign_open(campaign=campaign, by=request.user)
        messages.success(request, _("The campaign is open: every participating organization has its evaluation."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("evaluations:campaign_evaluations", pk=campaign.pk)


@login_required
@require_POST
def campaign_compute_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Capability.MANAGE_CAMPAIGNS)
    campaign_compute_request(campaign=campaign)
    messages.success(request, _("The campaign is being computed; the results appear when it is done."))
    return redirect("evaluations:campaign_evaluations", pk=campaign.pk)
