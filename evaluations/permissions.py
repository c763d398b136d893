"""Who may act on what in the evaluation process: the get_<object>_for_user doors of this app.

Each door returns the object or refuses (404 outside the user's scope, 403 for a missing capability), audited,
through ``orgs.permissions.refuse``. Only orgs/permissions.py talks to guardian; these doors go through it.
An id that names nothing at all is a plain 404: there is nobody's scope to audit.
"""

from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext as _

from evaluations.models import (
    Campaign,
    DemocraticVote,
    DepartmentOpinion,
    Evaluation,
    Evidence,
    FollowUp,
    Notification,
    Objection,
    PolicyWhatIf,
    QuotaPenalty,
    RecommendedEntry,
    RecommendedList,
    Stage,
    Survey,
)
from evaluations.selectors.campaigns import campaigns_visible_to
from evaluations.selectors.evaluations import evaluations_visible_to
from evaluations.selectors.publicity import publicity_street
from evaluations.services.democratic_votes.sheets import member_may_rate
from evaluations.services.votes.ballots import member_may_vote
from orgs.models import Level, Organization, Secretary, User
from orgs.permissions import (
    NOT_IN_SCOPE,
    Capability,
    check_actor,
    check_capability_on,
    get_organization_for_user,
    has_any_capability,
    has_capability,
    refuse,
)
from orgs.tree import street_path_length

# Entering the scores of a stage needs its capability.
STAGE_CAPABILITY = {Stage.SELF_ASSESSMENT: Capability.ENTER_SELF_ASSESSMENT, Stage.REVIEW: Capability.REVIEW_SCORES}


def check_stage_actor(by: User | None, evaluation: Evaluation, stage: str) -> None:
    """A service's check that ``by`` may enter the scores (and evidence) of the stage: 403, audited, otherwise.
    A stage without scores of its own is left to the service, which refuses it."""
    capability = STAGE_CAPABILITY.get(stage)
    if by is not None and capability is not None:
        check_actor(by, capability, evaluation.organization, object_type="evaluation", object_id=evaluation.pk)


# The ranking and the recommended list are for the district organization department that builds the list and the
# committee that approves it; a refusal is recorded against the first.
RANKING_CAPABILITIES = (Capability.BUILD_RECOMMENDATION, Capability.APPROVE_RESULTS)


def get_campaign_for_user(user: User, pk: object, capability: Capability) -> Campaign:
    """A campaign the user sees (404 otherwise); acting on it needs the capability on its scope (403)."""
    campaign = campaigns_visible_to(user).select_related("scope", "template").filter(pk=pk).first()
    if campaign is None:
        if Campaign.objects.filter(pk=pk).exists():
            refuse(user, capability=capability, object_type="campaign", object_id=pk, not_found=True)
        raise Http404(NOT_IN_SCOPE)
    if capability != Capability.VIEW_EVALUATIONS and not has_capability(user, capability, campaign.scope):
        refuse(user, capability=capability, object_type="campaign", object_id=pk, not_found=False)
    return campaign


def get_campaign_for_ranking(user: User, pk: object) -> Campaign:
    """The campaign, for those who build the list (district admin) or approve it (approver, read-only here)."""
    campaign = get_campaign_for_user(user, pk, Capability.VIEW_EVALUATIONS)
    if not has_any_capability(user, RANKING_CAPABILITIES, campaign.scope):
        refuse(user, capability=RANKING_CAPABILITIES[0], object_type="campaign", object_id=pk, not_found=False)
    return campaign


def get_evaluation_for_user(user: User, pk: object, capability: Capability) -> Evaluation:
    """The evaluation if the user holds the capability on its organization: out of scope 404, else 403."""
    evaluation = (
        Evaluation.objects.select_related("campaign", "organization", "template", "result", "stage")
        .filter(pk=pk)
        .first()
    )
    if evaluation is None:
        raise Http404(NOT_IN_SCOPE)
    check_capability_on(user, capability, evaluation.organization, object_type="evaluation", object_id=pk)
    return evaluation


def get_evidence_for_user(user: User, pk: object, capability: Capability) -> Evidence:
    """An evidence file, to users holding the capability on its evaluation (refused like the evaluation, audited)."""
    evidence = Evidence.objects.select_related("evaluation__organization").filter(pk=pk).first()
    if evidence is None:
        raise Http404(NOT_IN_SCOPE)
    organization = evidence.evaluation.organization
    check_capability_on(user, capability, organization, object_type="evaluation", object_id=evidence.evaluation_id)
    return evidence


def get_survey_for_user(user: User, pk: object, capability: Capability) -> Survey:
    """The survey if the user holds the capability on its organization: out of scope 404, else 403 (audited)."""
    survey = Survey.objects.select_related("evaluation__organization", "evaluation__campaign").filter(pk=pk).first()
    if survey is None:
        raise Http404(NOT_IN_SCOPE)
    check_capability_on(user, capability, survey.evaluation.organization, object_type="survey", object_id=pk)
    return survey


def get_survey_for_member(user: User, pk: object) -> Survey:
    """A survey the user votes in as a party member of the organization's subtree; others who see the organization
    are refused (403), the rest do not find it (404); both audited."""
    survey = Survey.objects.select_related("evaluation__organization").filter(pk=pk).first()
    if survey is None:
        raise Http404(NOT_IN_SCOPE)
    if member_may_vote(getattr(user, "member", None), survey):
        return survey
    message = _("Only party members of this organization vote in its survey.")
    refuse_non_member(user, survey.evaluation.organization, object_type="survey", object_id=pk, message=message)


def refuse_non_member(user: User, organization: Organization, *, object_type: str, object_id: object, message: str):
    """A vote of members refused to someone else: 403 with the message to whoever sees the organization, else 404."""
    in_scope = has_capability(user, Capability.VIEW_EVALUATIONS, organization)
    refuse(
        user,
        capability=Capability.VOTE_AS_MEMBER,
        object_type=object_type,
        object_id=object_id,
        not_found=not in_scope,
        message=message if in_scope else None,
    )


def get_objection_for_user(user: User, pk: object, capability: Capability) -> Objection:
    """An objection on an evaluation the user holds the capability on: out of scope 404, else 403 (audited)."""
    objection = (
        Objection.objects.select_related("evaluation__organization", "evaluation__campaign").filter(pk=pk).first()
    )
    if objection is None:
        raise Http404(NOT_IN_SCOPE)
    check_capability_on(user, capability, objection.evaluation.organization, object_type="objection", object_id=pk)
    return objection


def get_notification_for_user(user: User, pk: object) -> Notification:
    """A notification of the user's own; another user's is not found (404), and the refusal audited."""
    notification = Notification.objects.filter(pk=pk).first()
    if notification is None:
        raise Http404(NOT_IN_SCOPE)
    if notification.user_id != user.pk:
        refuse(user, capability="read_own_notification", object_type="notification", object_id=pk, not_found=True)
    return notification


def get_opinion_for_user(user: User, pk: object) -> DepartmentOpinion:
    """A department's opinion: the district reads all in its scope; a department's reviewer only their own
    department's (another's is 404, as if it did not exist); others in scope 403. Every refusal is audited."""
    opinion = (
        DepartmentOpinion.objects.select_related("evaluation__organization", "department", "veto_item", "given_by")
        .filter(pk=pk)
        .first()
    )
    if opinion is None:
        refuse(user, capability=Capability.VIEW_EVALUATIONS, object_type="opinion", object_id=pk, not_found=True)
    organization = opinion.evaluation.organization
    if has_capability(user, Capability.MANAGE_CAMPAIGNS, organization):
        return opinion
    check_capability_on(user, Capability.GIVE_OPINION, organization, object_type="opinion", object_id=pk)
    if opinion.department_id != user.department_id:
        refuse(user, capability=Capability.GIVE_OPINION, object_type="opinion", object_id=pk, not_found=True)
    return opinion


def get_recommended_list_for_user(
    user: User, pk: object, capabilities: tuple[Capability, ...] = RANKING_CAPABILITIES
) -> RecommendedList:
    """The list of a campaign the user sees (404 otherwise) if one of the capabilities is held on its scope (403
    otherwise), as on the pages; both refusals audited against the first capability."""
    found = (
        RecommendedList.objects.filter(pk=pk, campaign__in=campaigns_visible_to(user))
        .select_related("campaign__scope", "approved_by")
        .first()
    )
    if found is None:
        refuse(user, capability=capabilities[0], object_type="recommended_list", object_id=pk, not_found=True)
    if not has_any_capability(user, capabilities, found.campaign.scope):
        refuse(user, capability=capabilities[0], object_type="recommended_list", object_id=pk, not_found=False)
    return found


def get_recommended_entry_for_user(user: User, pk: object, capability: Capability) -> RecommendedEntry:
    """An entry of a recommended list, if the user holds the capability on its campaign (see get_campaign_for_user)."""
    entry = RecommendedEntry.objects.select_related("recommended_list__campaign__scope").filter(pk=pk).first()
    if entry is None:
        raise Http404(NOT_IN_SCOPE)
    get_campaign_for_user(user, entry.recommended_list.campaign_id, capability)
    return entry


def get_quota_penalty_for_user(user: User, pk: object, capability: Capability) -> QuotaPenalty:
    """A street's quota penalty, if the user holds the capability on its campaign (see get_campaign_for_user)."""
    penalty = QuotaPenalty.objects.select_related("street", "campaign__scope").filter(pk=pk).first()
    if penalty is None:
        raise Http404(NOT_IN_SCOPE)
    get_campaign_for_user(user, penalty.campaign_id, capability)
    return penalty


def get_street_in_campaign_for_user(
    user: User, pk: object, street_pk: object, capability: Capability
) -> tuple[Campaign, Organization]:
    """A campaign the user sees and a street of it on which the user holds the capability (404 / 403, audited)."""
    campaign = get_campaign_for_user(user, pk, Capability.VIEW_EVALUATIONS)
    street = get_organization_for_user(user, street_pk, capability)
    if street.level != Level.STREET:
        raise Http404(NOT_IN_SCOPE)
    return campaign, street


def get_secretary_for_user(user: User, pk: object, capability: Capability) -> Secretary:
    """A secretary's tenure if the user holds the capability on its organization: out of scope 404, else 403."""
    secretary = Secretary.objects.select_related("organization").filter(pk=pk).first()
    if secretary is None:
        raise Http404(NOT_IN_SCOPE)
    check_capability_on(user, capability, secretary.organization, object_type="secretary", object_id=pk)
    return secretary


def get_publicity_for_user(
    user: User, campaign_id: int, street_code: str, capability: Capability
) -> tuple[Campaign, Organization]:
    """The open campaign and the street whose publicity the user runs: out of scope 404, otherwise 403 (audited)."""
    campaign, street = publicity_street(campaign_id, street_code)
    check_capability_on(user, capability, street, object_type="street", object_id=street.pk)
    return campaign, street


def get_streets_reviewed_by_user(user: User, campaign: Campaign) -> list[Organization]:
    """The streets taking part in the campaign in which the user reviews (403, audited, when there is none)."""
    street_paths = (
        evaluations_visible_to(user, Capability.REVIEW_SCORES)
        .filter(campaign=campaign)
        .annotate(street_path=Substr("organization__path", 1, street_path_length()))
        .values("street_path")
    )
    streets = list(Organization.objects.filter(path__in=street_paths, level=Level.STREET).order_by("path"))
    if not streets:
        refuse(
            user, capability=Capability.REVIEW_SCORES, object_type="campaign", object_id=campaign.pk, not_found=False
        )
    return streets


# Pioneer index (先锋指数): a member's own evaluation, and a branch of a member campaign.
def get_own_pioneer_evaluation(user: User, pk: object) -> Evaluation:
    """The member's own evaluation in a pioneer index campaign; anyone else's is not found (404, audited)."""
    evaluation = (
        Evaluation.objects.select_related("campaign", "organization", "template", "stage", "member")
        .filter(pk=pk, template__scheme="pioneer_grade")
        .first()
    )
    if evaluation is None:
        raise Http404(NOT_IN_SCOPE)
    if evaluation.member_id is None or evaluation.member_id != getattr(user, "member_id", None):
        refuse(user, capability=Capability.VOTE_AS_MEMBER, object_type="evaluation", object_id=pk, not_found=True)
    return evaluation


def get_pioneer_evaluation_for_user(user: User, pk: object, capability: Capability) -> Evaluation:
    """A member's evaluation in a pioneer index campaign, for those holding the capability on the branch."""
    evaluation = get_evaluation_for_user(user, pk, capability)
    if evaluation.template.scheme != "pioneer_grade":
        raise Http404(NOT_IN_SCOPE)
    return evaluation


def get_pioneer_branch_for_user(
    user: User, pk: object, branch_pk: object, capability: Capability
) -> tuple[Campaign, Organization]:
    """A pioneer index campaign the user sees and one of its branches on which the user holds the capability."""
    campaign = get_campaign_for_user(user, pk, Capability.VIEW_EVALUATIONS)
    if campaign.template.scheme != "pioneer_grade":
        raise Http404(NOT_IN_SCOPE)
    branch = get_organization_for_user(user, branch_pk, capability)
    if not Evaluation.objects.filter(campaign=campaign, organization=branch).exists():
        raise Http404(NOT_IN_SCOPE)
    return campaign, branch


# Follow-up per final pioneer-index grade: visible to the branch and the levels above it.
def get_follow_up_for_user(user: User, pk: object) -> FollowUp:
    """A follow-up of a member's final grade, to those who see the member's branch (404 otherwise, audited); what
    they may change is the service's to check."""
    follow_up = FollowUp.objects.select_related("member", "branch", "helper", "campaign").filter(pk=pk).first()
    if follow_up is None:
        raise Http404(NOT_IN_SCOPE)
    check_capability_on(user, Capability.VIEW_EVALUATIONS, follow_up.branch, object_type="follow_up", object_id=pk)
    return follow_up


def get_democratic_vote_for_user(user: User, pk: object, capability: Capability) -> DemocraticVote:
    """A branch's democratic vote if the user holds the capability on the branch: out of scope 404, else 403."""
    vote = DemocraticVote.objects.select_related("campaign__template", "branch").filter(pk=pk).first()
    if vote is None:
        raise Http404(NOT_IN_SCOPE)
    check_capability_on(user, capability, vote.branch, object_type="democratic_vote", object_id=pk)
    return vote


def get_democratic_vote_for_member(user: User, pk: object) -> DemocraticVote:
    """A democratic vote the user takes part in as an active member of its branch; others who see the branch are
    refused (403), the rest do not find it (404); both audited."""
    vote = DemocraticVote.objects.select_related("campaign__template", "branch").filter(pk=pk).first()
    if vote is None:
        raise Http404(NOT_IN_SCOPE)
    if member_may_rate(getattr(user, "member", None), vote):
        return vote
    message = _("Only party members of this branch vote in its democratic vote.")
    refuse_non_member(user, vote.branch, object_type="democratic_vote", object_id=pk, message=message)


def get_what_if_for_user(user: User, pk: object) -> PolicyWhatIf:
    """A policy what-if, for those who manage the campaign it was tried on (the district): the campaign's door
    decides, so out of scope is 404 and a street's staff, who sees the campaign but manages none, 403."""
    what_if = (
        PolicyWhatIf.objects.select_related("campaign__scope", "template", "adopted_template")
        .filter(pk=pk, rule_set__isnull=True)
        .first()
    )
    if what_if is None:
        raise Http404(NOT_IN_SCOPE)
    get_campaign_for_user(user, what_if.campaign_id, Capability.MANAGE_CAMPAIGNS)
    return what_if


def get_rule_set_what_if_for_user(user: User, pk: object) -> PolicyWhatIf:
    """A rule set's what-if, for those who manage campaigns over the organizations it read (the district): whoever
    does not see them all (a street's staff too) finds nothing (404), whoever sees but does not manage them 403."""
    what_if = (
        PolicyWhatIf.objects.select_related("rule_set", "scope", "adopted_rule_set")
        .filter(pk=pk, rule_set__isnull=False)
        .first()
    )
    if what_if is None:
        raise Http404(NOT_IN_SCOPE)
    check_capability_on(
        user, Capability.MANAGE_CAMPAIGNS, what_if.scope, object_type="policy_what_if", object_id=what_if.pk
    )
    return what_if
