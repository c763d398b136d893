"""The street's review (复核): how each item was checked, and the stars a set of typed scores would give.

Yucheng 五星争创 (seed 000): the street re-scores item by item after on-site inspection (实地查看), document
review (查阅资料) and interviews (个别访谈); the reviewer sees the resulting stars and why before saving.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from evaluations.models import (
    Campaign,
    Evaluation,
    EvaluationStatus,
    PersonalizedItem,
    Score,
    Stage,
)
from evaluations.rules.tree import Tree, template_with_personalised
from evaluations.rules.workflow import Action, StageKind
from evaluations.selectors.evaluations import satisfaction_group_counts
from evaluations.services.scores.checks import review_checks_write, review_methods_parse
from evaluations.services.scores.inputs import ScoreErrors, parse_points
from evaluations.services.scores.sheet import scores_ensure_open
from evaluations.services.transitions import evaluations_transition
from orgs.models import Organization, User
from orgs.permissions import Capability, check_actor
from scoring.engine import InputError, Inputs, compute
from scoring.explain import explain


def review_checks_save(
    *, evaluation: Evaluation, tree: Tree, methods: Mapping[str, Iterable[str]], by: User | None
) -> Evaluation:
    """Record how each named item was checked in the review (several methods allowed; none clears it).

    Only while the evaluation sits at the review stage of an open campaign; an unknown item or method is
    named in the error and nothing is written. The score sheet saves them with its scores
    (evaluation_scores_save); this records them alone.
    """
    check_actor(
        by, Capability.REVIEW_SCORES, evaluation.organization, object_type="evaluation", object_id=evaluation.pk
    )
    wanted, errors = review_methods_parse(tree, methods)
    if errors:
        raise ScoreErrors(errors)
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update(of=("self",)).select_related("campaign", "stage").get(pk=evaluation.pk)
        )
        scores_ensure_open(locked, Stage.REVIEW)
        review_checks_write(evaluation=locked, wanted=wanted, by=by)
    return locked


@dataclass(frozen=True)
class Preview:
    """What the typed scores would give: the stars, the total and the sentences that say why."""

    stars: int | None
    total: Decimal
    points_max: Decimal
    lines: list[str]
    error: str = ""


def evaluation_preview(
    *, evaluation: Evaluation, tree: Tree, typed: Mapping[str, str], vetoes: Iterable[str]
) -> Preview:
    """Compute the stars of typed (unsaved) scores with the engine, nothing written.

    Values that do not parse are left out (the form names them); the satisfaction votes cast so far count,
    as in the campaign computation.
    """
    leaves = tree.leaf_by_code()
    scores: dict[str, Decimal] = {}
    for code, raw in typed.items():
        leaf = leaves.get(code)
        if leaf is None:
            continue
        points, message = parse_points(leaf, raw)
        if points is not None and not message:
            scores[code] = points
    veto_codes = {veto.code for veto in tree.vetoes}
    personalised = PersonalizedItem.objects.filter(
        campaign_id=evaluation.campaign_id, organization_id=evaluation.organization_id
    ).order_by("order", "pk")
    template = template_with_personalised(evaluation.template.as_definition(), personalised)
    group_votes = satisfaction_group_counts([evaluation.pk]).get(evaluation.pk, {})
    if template.satisfaction and template.satisfaction.rater_groups:
        votes, by_group = {}, {group: counts for group, counts in group_votes.items() if group}
    else:
        votes, by_group = {}, {}
        for counts in group_votes.values():
            for option, count in counts.items():
                votes[option] = votes.get(option, 0) + count
    inputs = Inputs(
        scores=scores,
        vetoes_hit=frozenset(code for code in vetoes if code in veto_codes),
        votes=votes,
        group_votes=by_group,
    )
    try:
        result = compute(template, inputs)
    except InputError as error:
        return Preview(None, Decimal(0), template.points_max, [], str(error))
    return Preview(result.stars, result.total, result.points_max, explain(result))


def _reviewed(evaluations):
    """Annotate whether each evaluation has at least one review score."""
    return evaluations.annotate(has_review=Exists(Score.objects.filter(evaluation=OuterRef("pk"), stage=Stage.REVIEW)))


def evaluations_submit_reviewed(
    *, campaign: Campaign, street: Organization, by: User
) -> tuple[list[Evaluation], list[tuple[Evaluation, str]]]:
    """The street hands in its reviews at once: each evaluation at the review stage with review scores moves
    on (one transition each, under its own lock); the others are returned with the reason they stay."""
    check_actor(by, Capability.REVIEW_SCORES, street, object_type="street", object_id=street.pk)
    waiting = list(
        _reviewed(
            Evaluation.objects.filter(
                campaign=campaign,
                organization__path__startswith=street.path,
                stage__kind=StageKind.REVIEW,
                status=EvaluationStatus.IN_PROGRESS,
            )
        )
        .select_related("organization")
        .order_by("organization__path")
    )
    left: list[tuple[Evaluation, str]] = [
        (evaluation, _("no review scores yet: it stays at the review."))
        for evaluation in waiting
        if not evaluation.has_review
    ]
    ready = [evaluation for evaluation in waiting if evaluation.has_review]
    moved, refused = evaluations_transition(evaluations=ready, action=Action.SUBMIT, by=by)
    by_pk = {evaluation.pk: evaluation for evaluation in ready}
    left += [(by_pk[pk], reason) for pk, reason in refused.items()]
    for evaluation in moved:
        evaluation.organization = by_pk[evaluation.pk].organization
    return moved, sorted(left, key=lambda pair: pair[0].organization.path)


@dataclass(frozen=True)
class StreetReviewRow:
    street: Organization
    evaluations: int
    at_review: int
    reviewed: int


def street_review_rows(*, campaign: Campaign, streets: list[Organization]) -> list[StreetReviewRow]:
    """Per street: its evaluations in the campaign, how many sit at the review, and how many the street has
    reviewed (those with review scores, also once they have moved on, as the ledger counts them). One aggregate
    query whatever the number of streets."""
    if not streets:
        return []
    condition = Q(pk__in=[])
    for street in streets:
        condition |= Q(organization__path__startswith=street.path)
    at_review = Q(stage__kind=StageKind.REVIEW, status=EvaluationStatus.IN_PROGRESS)
    counts = {
        row["street_path"]: row
        for row in _reviewed(Evaluation.objects.filter(condition, campaign=campaign))
        .annotate(street_path=Substr("organization__path", 1, len(streets[0].path)))
        .values("street_path")
        .annotate(
            total=Count("pk"),
            at_review=Count("pk", filter=at_review),
            reviewed=Count("pk", filter=Q(has_review=True)),
        )
        .order_by()
    }
    return [
        StreetReviewRow(
            street,
            counts.get(street.path, {}).get("total", 0),
            counts.get(street.path, {}).get("at_review", 0),
            counts.get(street.path, {}).get("reviewed", 0),
        )
        for street in streets
    ]
