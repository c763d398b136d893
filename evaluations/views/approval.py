"""Pages of the final approval: the district ranking and its export, the recommended list with its checks
and quota penalties, the committee's approval, and the published results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluations.forms.approval import (
    EntryStarsForm,
    EvaluationWithdrawForm,
    FiveStarCapForm,
    ListReturnForm,
    ListVersionForm,
    QuotaPenaltyForm,
)
from evaluations.forms.common import cleaned
from evaluations.models import Campaign, CampaignStatus, QuotaPenalty, RecommendationStatus, RecommendedList
from evaluations.permissions import (
    get_campaign_for_ranking,
    get_campaign_for_user,
    get_quota_penalty_for_user,
    get_recommended_entry_for_user,
)
from evaluations.selectors.approval import (
    approval_progress,
    campaign_batches,
    evaluations_outstanding,
    evaluations_withdrawn,
    open_batch,
    recommended_list_checks,
)
from evaluations.selectors.ranking import campaign_streets
from evaluations.services.approval import (
    recommended_entry_remove,
    recommended_entry_set_stars,
    recommended_list_approve,
    recommended_list_build,
    recommended_list_submit,
    recommended_list_withdraw,
)
from evaluations.services.quotas import five_star_cap_set, quota_penalty_remove, quota_penalty_set
from evaluations.services.withdrawal import evaluation_withdraw
from orgs.permissions import Capability, has_capability


def _report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def recommended_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign's batches: the open one (or the one asked for with ?batch=N) with its entries and its checks
    over the whole campaign, the earlier batches, the progress towards approval and the withdrawn evaluations."""
    campaign = get_campaign_for_ranking(request.user, pk)
    batches = campaign_batches(campaign)
    open_one = next((batch for batch in batches if batch.is_open), None)
    shown = open_one
    asked = request.GET.get("batch", "")
    if asked.isdigit():
        shown = next((batch for batch in batches if batch.number == int(asked)), open_one)
    entries, checks = [], None
    if shown is not None:
        entries = list(
            shown.entries.select_related(
                "evaluation__organization", "evaluation__secretary", "evaluation__member"
            ).order_by("rank")
        )
        if shown.is_open:
            checks = recommended_list_checks(shown)
    can_build = has_capability(request.user, Capability.BUILD_RECOMMENDATION, campaign.scope)
    is_draft = open_one is None or open_one.status == RecommendationStatus.DRAFT
    campaign_open = campaign.status == CampaignStatus.OPEN
    return render(
        request,
        "evaluations/recommended_list.html",
        {
            "campaign": campaign,
            "recommended_list": shown,
            "open_batch": open_one,
            "next_number": open_one.number if open_one else len(batches) + 1,
            "batches": batches,
            "progress": approval_progress(campaign),
            "entries": entries,
            "checks": checks,
            "penalties": QuotaPenalty.objects.filter(campaign=campaign)
            .select_related("street")
            .order_by("street__path"),
            "streets": campaign_streets(campaign),
            "can_edit": can_build and is_draft and campaign_open,
            "can_edit_batch": can_build and shown is not None and shown.status == RecommendationStatus.DRAFT,
            "can_approve": (
                shown is not None
                and shown.status == RecommendationStatus.SUBMITTED
                and has_capability(request.user, Capability.APPROVE_RESULTS, campaign.scope)
            ),
            # Everyone on these pages builds or approves the list: either may send a submitted list back to draft.
            "can_withdraw": shown is not None and shown.status == RecommendationStatus.SUBMITTED,
            "can_withdraw_evaluations": can_build and campaign_open,
            "outstanding": list(evaluations_outstanding(campaign)) if can_build and campaign_open else [],
            "withdrawn": list(evaluations_withdrawn(campaign)),
        },
    )


def _campaign_to_build(request: HttpRequest, pk: object) -> Campaign:
    return get_campaign_for_user(request.user, pk, Capability.BUILD_RECOMMENDATION)


@login_required
@require_POST
def recommended_list_build_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_to_build(request, pk)
    try:
        version = cleaned(ListVersionForm(request.POST))["version"]
        recommended_list = recommended_list_build(campaign=campaign, by=request.user, lock_version=version)
        messages.success(
            request,
            _("Batch %(number)d of the recommended list is built: %(count)d organizations.")
            % {"number": recommended_list.number, "count": recommended_list.entries.count()},
        )
    except ValidationError as error:
        _report(request, error)
    return redirect("evaluations:recommended_list", pk=campaign.pk)


@login_required
@require_POST
def recommended_entry_stars_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_recommended_entry_for_user(request.user, pk, Capability.BUILD_RECOMMENDATION)
    campaign = entry.recommended_list.campaign
    try:
        data = cleaned(EntryStarsForm(request.POST))
        recommended_entry_set_stars(
            entry=entry, stars=data["stars"], note=data["note"], by=request.user, lock_version=data["version"]
        )
        messages.success(request, _("The proposed stars are saved."))
    except ValidationError as error:
        _report(request, error)
    return redirect("evaluations:recommended_list", pk=campaign.pk)


@login_required
@require_POST
def recommended_entry_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an organization off the draft batch: it waits for a later batch."""
    entry = get_recommended_entry_for_user(request.user, pk, Capability.BUILD_RECOMMENDATION)
    campaign = entry.recommended_list.campaign
    name = entry.evaluation.subject_name
    try:
        version = cleaned(ListVersionForm(request.POST))["version"]
        recommended_entry_remove(entry=entry, by=request.user, lock_version=version)
        messages.success(
            request,
            _("%(name)s is taken off batch %(number)d: it waits at the final approval stage for a later batch.")
            % {"name": name, "number": entry.recommended_list.number},
        )
    except ValidationError as error:
        _report(request, error)
    return redirect("evaluations:recommended_list", pk=campaign.pk)


@login_required
@require_POST
def evaluation_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The district organization department withdraws an evaluation from the rating, with the reason."""
    campaign = _campaign_to_build(request, pk)
    try:
        data = cleaned(EvaluationWithdrawForm(request.POST, campaign=campaign))
        evaluation = evaluation_withdraw(evaluation=data["evaluation"], reason=data["reason"], by=request.user)
        messages.success(
            request,
            _("%(name)s is withdrawn from the rating.") % {"name": evaluation.subject_name},
        )
        if approval_progress(campaign).complete:
            messages.success(request, _("Every evaluation is approved or withdrawn: the campaign is complete."))
    except ValidationError as error:
        _report(request, error)
    return redirect("evaluations:recommended_list", pk=campaign.pk)


@login_required
@require_POST
def quota_penalty_set_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_to_build(request, pk)
    try:
        data = cleaned(QuotaPenaltyForm(request.POST))
        quota_penalty_set(
            campaign=campaign, street=data["street"], points=data["points"], reason=data["reason"], by=request.user
        )
        messages.success(request, _("The quota penalty of %(street)s is saved.") % {"street": data["street"].name})
    except ValidationError as error:
        _report(request, error)
    return redirect("evaluations:recommended_list", pk=campaign.pk)


@login_required
@require_POST
def quota_penalty_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    penalty = get_quota_penalty_for_user(request.user, pk, Capability.BUILD_RECOMMENDATION)
    campaign = penalty.campaign
    try:
        quota_penalty_remove(penalty=penalty, by=request.user)
        messages.success(request, _("The quota penalty of %(street)s is removed.") % {"street": penalty.street.name})
    except ValidationError as error:
        _report(request, error)
    return redirect("evaluations:recommended_list", pk=campaign.pk)


@login_required
@require_POST
def five_star_cap_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_to_build(request, pk)
    try:
        cap = cleaned(FiveStarCapForm(request.POST))["five_star_cap"]
        five_star_cap_set(campaign=campaign, cap=cap, by=request.user)
        messages.success(request, _("The five-star share is saved."))
    except ValidationError as error:
        _report(request, error)
    return redirect("evaluations:recommended_list", pk=campaign.pk)


def _list_of(campaign: Campaign) -> RecommendedList:
    recommended_list = open_batch(campaign)
    if recommended_list is None:
        raise Http404(_("No batch of the recommended list is open: build the next batch first."))
    return recommended_list


def _list_action(request: HttpRequest, campaign: Campaign, service, done: str, form: ListVersionForm) -> bool:
    """Take one action on the campaign's list through its service, with the version and any other field of the
    form; say what happened. True when it was taken."""
    try:
        data = cleaned(form)
        arguments = {name: value for name, value in data.items() if name != "version"}
        service(recommended_list=_list_of(campaign), by=request.user, lock_version=data["version"], **arguments)
    except Http404 as missing:
        messages.error(request, str(missing))
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, done)
        return True
    return False


@login_required
@require_POST
def recommended_list_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_to_build(request, pk)
    done = _("The recommended list is submitted to the district committee for approval.")
    _list_action(request, campaign, recommended_list_submit, done, ListVersionForm(request.POST))
    return redirect("evaluations:recommended_list", pk=campaign.pk)


@login_required
@require_POST
def recommended_list_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The district organization department withdraws its submitted list, or the committee returns it, with a reason."""
    campaign = get_campaign_for_ranking(request.user, pk)
    done = _("The recommended list is back to draft: it can be changed and submitted again.")
    _list_action(request, campaign, recommended_list_withdraw, done, ListReturnForm(request.POST))
    return redirect("evaluations:recommended_list", pk=campaign.pk)


@login_required
@require_POST
def recommended_list_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Capability.APPROVE_RESULTS)
    batch = open_batch(campaign)
    done = _("Batch %(number)d of the recommended list is approved: its results are published and final.") % {
        "number": batch.number if batch else 0
    }
    if _list_action(request, campaign, recommended_list_approve, done, ListVersionForm(request.POST)):
        if approval_progress(campaign).complete:
            messages.success(request, _("Every evaluation is approved or withdrawn: the campaign is complete."))
        return redirect("evaluations:published_results", pk=campaign.pk)
    return redirect("evaluations:recommended_list", pk=campaign.pk)
