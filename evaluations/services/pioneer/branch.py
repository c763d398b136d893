"""The branch secretary moves the branch's members through the pioneer index's stages together (seed 004):
self-evaluation → democratic vote → branch review (graded on submission) → publicity."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from evaluations.models import Campaign, Evaluation, EvaluationStatus, PioneerSheet, PioneerSheetStage
from evaluations.rules.workflow import Action, StageKind
from evaluations.services.pioneer.grades import pioneer_grades_compute
from evaluations.services.transitions import evaluations_transition
from orgs.models import Organization, User
from orgs.permissions import Capability, check_actor


@dataclass(frozen=True)
class BranchAdvance:
    moved: list[str]
    refused: list[tuple[str, str]]


def branch_evaluations(campaign: Campaign, branch: Organization):
    return (
        Evaluation.objects.filter(campaign=campaign, organization=branch, status=EvaluationStatus.IN_PROGRESS)
        .select_related("stage", "member", "organization")
        .order_by("member__name", "pk")
    )


def pioneer_branch_advance(*, campaign: Campaign, branch: Organization, by: User) -> BranchAdvance:
    """Submit every member of the branch at the branch's current stage. Leaving the branch review needs every
    member's review submitted; the branch's grades are computed then, so that the publicity shows them."""
    check_actor(
        by,
        Capability.ENTER_SELF_ASSESSMENT,
        branch,
        object_type="organization",
        object_id=branch.pk,
        alternatives=(Capability.REVIEW_SCORES,),
    )
    evaluations = list(branch_evaluations(campaign, branch))
    kinds = {evaluation.stage.kind for evaluation in evaluations if evaluation.stage}
    if not evaluations or kinds == {StageKind.PUBLICITY}:
        raise ValidationError(_("No member of %(branch)s waits for the branch to act.") % {"branch": branch.name})
    if StageKind.REVIEW in kinds:
        reviewed = set(
            PioneerSheet.objects.filter(
                evaluation__in=evaluations, stage=PioneerSheetStage.BRANCH_REVIEW, submitted_at__isnull=False
            ).values_list("evaluation_id", flat=True)
        )
        missing = [e.member.name for e in evaluations if e.stage.kind == StageKind.REVIEW and e.pk not in reviewed]
        if missing:
            raise ValidationError(
                _("The review of these members is not submitted yet: %(names)s.") % {"names": "、".join(missing)}
            )
        pioneer_grades_compute(campaign=campaign, branch=branch, by=by)
    acting = [evaluation for evaluation in evaluations if evaluation.stage.kind != StageKind.PUBLICITY]
    moved, refused = evaluations_transition(evaluations=acting, action=Action.SUBMIT, by=by)
    names = {evaluation.pk: evaluation.member.name for evaluation in acting}
    return BranchAdvance(
        moved=[names[evaluation.pk] for evaluation in moved],
        refused=[(names[pk], message) for pk, message in refused.items()],
    )
