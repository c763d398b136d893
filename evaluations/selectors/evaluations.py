"""Reads of campaigns and evaluations, already scoped to the user through orgs.permissions."""

from django.db.models import Count, QuerySet

from evaluations.models import Ballot, Evaluation, Evidence, PersonalizedItem, Score, Stage, VetoHit
from evaluations.rules.tree import Tree, build_tree
from orgs.models import Secretary, User
from orgs.permissions import Capability, subtree_condition
from scoring.models import IndicatorItem


def evaluations_visible_to(user: User, capability: Capability = Capability.VIEW_EVALUATIONS) -> QuerySet:
    """The evaluations of the organizations in the user's subtrees where the capability is held."""
    condition = subtree_condition(user, capability, "organization__path")
    evaluations = Evaluation.objects.all()
    return evaluations if condition is None else evaluations.filter(condition)


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


def person_evaluations(secretary: Secretary) -> QuerySet:
    """Every evaluation of the person who holds this tenure, in every tenure: a secretary's results follow them."""
    return (
        Evaluation.objects.filter(secretary__id_card_hash=secretary.id_card_hash)
        .select_related("campaign", "organization", "result", "secretary", "stage")
        .order_by("-campaign__year", "-campaign__period_number", "-campaign__pk")
    )
