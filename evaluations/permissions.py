"""Who may act on what in the evaluation process: the get_<object>_for_user doors of this app.

Each door returns the object or refuses (404 outside the user's scope, 403 for a missing capability), audited.
Only orgs/permissions.py talks to guardian; these doors go through it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from evaluations.models import Campaign, Evaluation, Stage, Survey
from evaluations.selectors.campaigns import campaigns_visible_to
from orgs.models import Secretary, User
from orgs.permissions import Capability, check_capability_on, has_capability
from orgs.services.audit import audit_refusal


def get_campaign_for_user(user: User, pk: object, capability: Capability) -> Campaign:
    """A campaign the user sees (404 otherwise); acting on it needs the capability on its scope (403)."""
    campaign = campaigns_visible_to(user).select_related("scope", "template").filter(pk=pk).first()
    if campaign is None:
        if Campaign.objects.filter(pk=pk).exists():
            audit_refusal(user=user, capability=capability, object_type="campaign", object_id=pk)
        raise Http404(_("No such item in your scope."))
    if capability != Capability.VIEW_EVALUATIONS and not has_capability(user, capability, campaign.scope):
        audit_refusal(user=user, capability=capability, object_type="campaign", object_id=pk)
        raise PermissionDenied(_("You do not have permission to do this."))
    return campaign


def get_evaluation_for_user(user: User, pk: object, capability: Capability) -> Evaluation:
    """The evaluation if the user holds the capability on its organization: out of scope 404, else 403."""
    evaluation = (
        Evaluation.objects.select_related(
            "campaign", "organization", "template", "result", "stage", "secretary", "member"
        )
        .filter(pk=pk)
        .first()
    )
    if evaluation is None:
        raise Http404(_("No such item in your scope."))
    check_capability_on(user, capability, evaluation.organization, object_type="evaluation", object_id=pk)
    return evaluation


def get_survey_for_user(user: User, pk: object, capability: Capability) -> Survey:
    """The survey if the user holds the capability on its organization: out of scope 404, else 403 (audited)."""
    survey = Survey.objects.select_related("evaluation__organization", "evaluation__campaign").filter(pk=pk).first()
    if survey is None:
        raise Http404(_("No such item in your scope."))
    check_capability_on(user, capability, survey.evaluation.organization, object_type="survey", object_id=pk)
    return survey


def get_campaign_for_ranking(user: User, pk: object) -> Campaign:
    """The campaign, for those who build the list (district admin) or approve it (approver, read-only here)."""
    campaign = get_campaign_for_user(user, pk, Capability.VIEW_EVALUATIONS)
    if not (
        has_capability(user, Capability.BUILD_RECOMMENDATION, campaign.scope)
        or has_capability(user, Capability.APPROVE_RESULTS, campaign.scope)
    ):
        audit_refusal(user=user, capability=Capability.BUILD_RECOMMENDATION, object_type="campaign", object_id=pk)
        raise PermissionDenied(_("You do not have permission to do this."))
    return campaign


def get_secretary_for_user(user: User, pk: object, capability: Capability) -> Secretary:
    """A secretary's tenure if the user holds the capability on its organization: out of scope 404, else 403."""
    secretary = Secretary.objects.select_related("organization").filter(pk=pk).first()
    if secretary is None:
        raise Http404(_("No such item in your scope."))
    check_capability_on(user, capability, secretary.organization, object_type="secretary", object_id=pk)
    return secretary


# Entering the scores of a stage needs its capability.
STAGE_CAPABILITY = {Stage.SELF_ASSESSMENT: Capability.ENTER_SELF_ASSESSMENT, Stage.REVIEW: Capability.REVIEW_SCORES}
