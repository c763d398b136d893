"""Saving the score sheet of one stage of an evaluation: points, notes, vetoes, and how the review checked each
item or the star level the self-assessment declares; handing in the self-assessment."""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    CampaignStatus,
    Evaluation,
    EvaluationStatus,
    Score,
    ScoreChange,
    ScoreChangeKind,
    Stage,
)
from evaluations.permissions import check_stage_actor
from evaluations.rules.workflow import Action, score_stage_open
from evaluations.selectors.evaluations import evaluation_tree
from evaluations.services.compute.request import campaign_compute_request
from evaluations.services.scores.checks import review_checks_write, review_methods_parse
from evaluations.services.scores.inputs import (
    UNCHANGED,
    ScoreErrors,
    ScoreInput,
    StaleVersion,
    Unchanged,
    declared_stars_parse,
    parse_points,
    points_text,
)
from evaluations.services.scores.vetoes import vetoes_save
from evaluations.services.transitions import evaluation_transition
from orgs.models import User
from orgs.services.audit import audit_record


def scores_ensure_open(evaluation: Evaluation, stage: str) -> None:
    """Scores of a stage change only while the evaluation sits at that stage of an open campaign."""
    if evaluation.campaign.status != CampaignStatus.OPEN:
        raise ScoreErrors({"__all__": _("The campaign is not open: scores cannot be changed.")})
    if evaluation.status == EvaluationStatus.APPROVED:
        raise ScoreErrors({"__all__": _("The evaluation is approved and frozen: a change needs a revision.")})
    if evaluation.status == EvaluationStatus.WITHDRAWN:
        raise ScoreErrors({"__all__": _("The evaluation is withdrawn from the rating: its scores no longer change.")})
    current = score_stage_open(evaluation.stage.kind) if evaluation.stage_id else None
    if current == stage:
        return
    if stage == Stage.SELF_ASSESSMENT:
        raise ScoreErrors({"__all__": _("The self-assessment was submitted: it cannot be changed any more.")})
    raise ScoreErrors({"__all__": _("The evaluation is not at the review stage: review scores cannot be changed.")})


def evaluation_scores_save(
    *,
    evaluation: Evaluation,
    stage: str,
    values: Mapping[str, ScoreInput],
    vetoes: Mapping[str, str] | None,
    methods: Mapping[str, Iterable[str]] | None = None,
    declared_stars: str | int | Unchanged | None = UNCHANGED,
    by: User | None,
    lock_version: int | None = None,
) -> Evaluation:
    """Save the score sheet of a stage, all or nothing, in one transaction with its audit: the score-entry page
    and the API both save through here.

    ``values``: points and notes by item code, a blank value clears a score. ``vetoes``: each veto code hit with
    its required note, replacing the stage's list (None leaves it). The review also records how it checked the
    items named in ``methods`` (none clears an item); the self-assessment its ``declared_stars`` (blank or None:
    none declared; UNCHANGED leaves it). Every error names its item or field and nothing is written;
    ``lock_version`` refuses a save over someone else's (StaleVersion).
    """
    check_stage_actor(by, evaluation, stage)
    tree = evaluation_tree(evaluation)
    leaves = tree.leaf_by_code()
    veto_items = {veto.code: veto for veto in tree.vetoes}
    errors: dict[str, str] = {}
    parsed: dict[str, tuple[Decimal | None, str]] = {}
    for code, entry in values.items():
        leaf = leaves.get(code)
        if leaf is None:
            errors[code] = _("%(code)s: not an item of this evaluation.") % {"code": code}
            continue
        points, message = parse_points(leaf, entry.points)
        if message:
            errors[code] = message
        elif points is None and entry.note.strip():
            errors[code] = _("%(item)s: a note needs points.") % {"item": leaf.label}
        else:
            parsed[code] = (points, entry.note.strip())
    for code, note in (vetoes or {}).items():
        veto = veto_items.get(code)
        if veto is None:
            errors[code] = _("%(code)s: not a veto item of this evaluation.") % {"code": code}
        elif not (note or "").strip():
            errors[code] = _("Veto item %(item)s: say why it was hit.") % {"item": f"{veto.code} {veto.name}"}
    wanted: dict[str, list[str]] = {}
    if methods and stage == Stage.REVIEW:
        wanted, method_errors = review_methods_parse(tree, methods)
        for code, message in method_errors.items():
            errors[code] = f"{errors[code]} {message}" if code in errors else message
    elif methods:
        errors["methods"] = _("How each item was checked is recorded in the review.")
    declared: int | Unchanged | None = UNCHANGED
    if declared_stars is not UNCHANGED and stage == Stage.SELF_ASSESSMENT:
        declared, message = declared_stars_parse(declared_stars)
        if message:
            errors["declared_stars"] = message
    elif declared_stars is not UNCHANGED:
        errors["declared_stars"] = _("The declared star level is set during the self-assessment.")
    if errors:
        raise ScoreErrors(errors)
    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update(of=("self",)).select_related("campaign", "stage").get(pk=evaluation.pk)
        )
        scores_ensure_open(evaluation, stage)
        if lock_version is not None and lock_version != evaluation.lock_version:
            raise StaleVersion(given=lock_version, current=evaluation.lock_version)
        existing = {
            (score.item_id or 0, score.personalized_item_id or 0): score
            for score in Score.objects.filter(evaluation=evaluation, stage=stage)
        }
        to_create, to_update, to_delete = [], [], []
        now = timezone.now()
        changes: list[ScoreChange] = []

        def change(code: str, old: Decimal | None, new: Decimal | None, note: str) -> None:
            changes.append(
                ScoreChange(
                    evaluation=evaluation,
                    stage=stage,
                    kind=ScoreChangeKind.POINTS,
                    code=code,
                    old_value="" if old is None else points_text(old),
                    new_value="" if new is None else points_text(new),
                    note=note,
                    by=by,
                    at=now,
                )
            )

        for code, (points, note) in parsed.items():
            leaf = leaves[code]
            key = (leaf.item.pk if leaf.item else 0, leaf.personalized_item.pk if leaf.personalized_item else 0)
            score = existing.get(key)
            if points is None:
                if score is not None:
                    to_delete.append(score.pk)
                    change(code, score.points, None, "")
            elif score is None:
                change(code, None, points, note)
                to_create.append(
                    Score(
                        evaluation=evaluation,
                        item=leaf.item,
                        personalized_item=leaf.personalized_item,
                        stage=stage,
                        points=points,
                        note=note,
                        updated_by=by,
                    )
                )
            elif score.points != points or score.note != note:
                old_points = score.points
                # Assigned first: a note sent back as the sheet showed it (masked) gets its typed numbers back.
                score.points, score.note, score.updated_by = points, note, by
                change(code, old_points, points, score.note)
                to_update.append(score)
        Score.objects.filter(pk__in=to_delete).delete()
        Score.objects.bulk_create(to_create)
        Score.objects.bulk_update(to_update, ["points", "note", "updated_by", "updated_at"])
        if vetoes is not None:
            changes += vetoes_save(
                evaluation, stage, {code: note.strip() for code, note in vetoes.items()}, veto_items, by, now
            )
        ScoreChange.objects.bulk_create(changes)
        if wanted:
            review_checks_write(evaluation=evaluation, wanted=wanted, by=by)
        fields = ["lock_version", "updated_at"]
        if declared is not UNCHANGED and declared != evaluation.declared_stars:
            evaluation.declared_stars = declared
            fields.append("declared_stars")
        evaluation.lock_version += 1
        evaluation.save(update_fields=fields)
        detail = {
            "stage": stage,
            "created": len(to_create),
            "updated": len(to_update),
            "cleared": len(to_delete),
            "vetoes": sorted(vetoes) if vetoes is not None else None,
        }
        if "declared_stars" in fields:
            detail["declared_stars"] = evaluation.declared_stars
        audit_record(
            action=EvaluationAuditAction.SCORES_SAVE,
            actor=by,
            object_type="evaluation",
            object_id=evaluation.pk,
            detail=detail,
        )
        campaign_compute_request(campaign=evaluation.campaign)
    return evaluation


def scores_save(
    *,
    evaluation: Evaluation,
    stage: str,
    values: Mapping[str, ScoreInput],
    vetoes: Mapping[str, str] | None,
    by: User | None,
    lock_version: int | None = None,
) -> Evaluation:
    """The points, notes and vetoes of a stage alone: evaluation_scores_save without checks or declared stars."""
    return evaluation_scores_save(
        evaluation=evaluation, stage=stage, values=values, vetoes=vetoes, by=by, lock_version=lock_version
    )


def evaluation_submit(*, evaluation: Evaluation, by: User, lock_version: int | None = None) -> Evaluation:
    """Hand in the self-assessment: it moves on to the street's review and cannot be changed any more."""
    return evaluation_transition(evaluation=evaluation, action=Action.SUBMIT, by=by, lock_version=lock_version)


def evaluation_save_and_submit(
    *,
    evaluation: Evaluation,
    values: Mapping[str, ScoreInput],
    vetoes: Mapping[str, str] | None,
    declared_stars: str | int | Unchanged | None = UNCHANGED,
    by: User,
    lock_version: int | None = None,
) -> Evaluation:
    """Save the self-assessment as the sheet shows it, then hand it in: nothing typed is lost on submitting.

    A bad value refuses both (ScoreErrors, nothing written). A refused transition raises after the save, which
    stays: what was typed is kept and the refusal says why it was not handed in.
    """
    saved = evaluation_scores_save(
        evaluation=evaluation,
        stage=Stage.SELF_ASSESSMENT,
        values=values,
        vetoes=vetoes,
        declared_stars=declared_stars,
        by=by,
        lock_version=lock_version,
    )
    return evaluation_submit(evaluation=saved, by=by, lock_version=saved.lock_version)
