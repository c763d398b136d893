"""Reads of campaigns and evaluations, already scoped to the user through orgs.permissions."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from evaluations.models import Ballot, Campaign, Evaluation, Evidence, PersonalizedItem, Score, Stage, VetoHit
from evaluations.tree import Tree, build_tree
from orgs.models import LEVEL_DEPTH, Level, User
from orgs.permissions import Capability, capability_paths, check_capability_on, has_capability, subtree_condition
from scoring.models import IndicatorItem

PATH_STEP = 4  # treebeard's materialised path step
# A grant this high up (the district is the root: LEVEL_DEPTH) covers the whole district.
DISTRICT_PATH_LENGTH = PATH_STEP * LEVEL_DEPTH[Level.DISTRICT]


def evaluations_visible_to(user: User, capability: Capability = Capability.VIEW_EVALUATIONS) -> QuerySet:
    """The evaluations of the organizations in the user's subtrees where the capability is held."""
    condition = subtree_condition(user, capability, "organization__path")
    evaluations = Evaluation.objects.all()
    return evaluations if condition is None else evaluations.filter(condition)


def campaigns_visible_to(user: User) -> QuerySet:
    """The campaigns a user sees, on the pages and in the API alike: one statement.

    A campaign is seen from a subtree when its scope contains the subtree or lies within it. From a
    district-wide subtree that is every campaign of the district; from a street or below, at least one
    organization of the subtree must also take part (have an evaluation), so a draft or another
    street's campaign stays hidden there. Taking part implies the first condition: the organization
    lies within the campaign's scope and within the subtree, so one of the two contains the other.
    """
    if not has_capability(user, Capability.VIEW_EVALUATIONS):
        return Campaign.objects.none()
    if user.is_superuser:
        return Campaign.objects.all()
    paths = capability_paths(user, Capability.VIEW_EVALUATIONS)
    condition = Q(pk__in=[])
    taking_part = Q(pk__in=[])
    for path in paths:
        if len(path) <= DISTRICT_PATH_LENGTH:
            condition |= Q(scope__path__startswith=path)
        else:
            taking_part |= Q(organization__path__startswith=path)
    if any(len(path) > DISTRICT_PATH_LENGTH for path in paths):
        condition |= Q(pk__in=Evaluation.objects.filter(taking_part).values("campaign_id"))
    return Campaign.objects.filter(condition)


def get_campaign_for_user(user: User, pk: object, capability: Capability) -> Campaign:
    """A campaign the user sees (404 otherwise); acting on it needs the capability on its scope (403)."""
    from django.http import Http404
    from django.utils.translation import gettext as _

    from orgs.services.audit import audit_refusal

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
    from django.http import Http404
    from django.utils.translation import gettext as _

    evaluation = (
        Evaluation.objects.select_related("campaign", "organization", "template", "result", "stage")
        .filter(pk=pk)
        .first()
    )
    if evaluation is None:
        raise Http404(_("No such item in your scope."))
    check_capability_on(user, capability, evaluation.organization, object_type="evaluation", object_id=pk)
    return evaluation


def evaluation_tree(evaluation: Evaluation) -> Tree:
    """The scored tree of an evaluation in two queries, whatever the number of items."""
    items = IndicatorItem.objects.filter(template_id=evaluation.template_id).order_by("order")
    personalised = PersonalizedItem.objects.filter(
        campaign_id=evaluation.campaign_id, organization_id=evaluation.organization_id
    ).order_by("order", "pk")
    return build_tree(items, personalised)


def personalised_items_scored(campaign_id: int, organization_id: int) -> bool:
    """Whether any stage scored a personalised sub-item of the organization in the campaign: one query."""
    return Score.objects.filter(
        personalized_item__campaign_id=campaign_id, personalized_item__organization_id=organization_id
    ).exists()


def stage_entries(evaluation: Evaluation, stage: Stage) -> tuple[dict[str, Score], dict[str, VetoHit]]:
    """The saved scores (by leaf code) and vetoes hit (by veto code) of one stage: two queries."""
    scores = {
        (score.item.code if score.item_id else score.personalized_item.code): score
        for score in Score.objects.filter(evaluation=evaluation, stage=stage).select_related(
            "item", "personalized_item"
        )
    }
    vetoes = {
        hit.veto_item.code: hit
        for hit in VetoHit.objects.filter(evaluation=evaluation, stage=stage).select_related("veto_item")
    }
    return scores, vetoes


def evidence_by_code(evaluation: Evaluation) -> dict[str, list[Evidence]]:
    files: dict[str, list] = {}
    for evidence in Evidence.objects.filter(evaluation=evaluation).select_related("item", "personalized_item"):
        code = evidence.item.code if evidence.item_id else evidence.personalized_item.code
        files.setdefault(code, []).append(evidence)
    return files


def satisfaction_group_counts(evaluation_ids) -> dict[int, dict[str, dict[str, int]]]:
    """Ballots per rater group ("" without groups) and option for each evaluation, in one aggregate query."""
    rows = (
        Ballot.objects.filter(survey__evaluation_id__in=list(evaluation_ids))
        .values_list("survey__evaluation_id", "rater_group", "option")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, dict[str, int]]] = {}
    for evaluation_id, rater_group, option, count in rows:
        options = counts.setdefault(evaluation_id, {}).setdefault(rater_group, {})
        options[option] = options.get(option, 0) + count
    return counts


def satisfaction_counts(evaluation_ids) -> dict[int, dict[str, int]]:
    """Ballots per option for each evaluation (option code → count), all rater groups pooled."""
    pooled: dict[int, dict[str, int]] = {}
    for evaluation_id, groups in satisfaction_group_counts(evaluation_ids).items():
        options = pooled.setdefault(evaluation_id, {})
        for group_counts in groups.values():
            for option, count in group_counts.items():
                options[option] = options.get(option, 0) + count
    return pooled
