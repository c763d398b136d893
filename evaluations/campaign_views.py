"""Creating a campaign (评星定级活动) from the browser."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from evaluations.forms import CampaignForm
from evaluations.services.campaigns import campaign_create
from orgs.permissions import Capability, require_capability


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
                by=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The campaign was created as a draft; open it when it is ready."))
            return redirect("campaign_evaluations", pk=campaign.pk)
    return render(request, "evaluations/campaign_form.html", {"form": form}, status=400 if form.errors else 200)
