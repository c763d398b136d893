"""The recommended list (建议名单) in batches and their final approval (审定) by the district committee.

Yucheng 五星争创 (seed 000): the district organization department reviews centrally and proposes the
recommended list; the district committee approves it, and the results are then final. Streets finish at different
times, so the list comes in batches (第 N 批): each is built from the evaluations ready now, and one batch is open
at a time. The caps on five stars (services/quotas.py) are checked over the whole campaign (the approved ones and
the batch together) on every change and shown before approval; a batch cannot be submitted while one fails.
"""

from datetime import datetime

from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    Campaign,
    CampaignStage,
    CampaignStatus,
    Evaluation,
    EvaluationStatus,
    RecommendationStatus,
    RecommendedEntry,
    RecommendedList,
    Transition,
)
from evaluations.rules.workflow import Action, Facts, decide
from evaluations.selectors.approval import ready_for_a_batch, recommended_list_checks
from evaluations.services.consequence_runs import consequences_request
from evaluations.services.event_notifications import evaluations_approved_notify
from evaluations.services.recommendation import (
    RecommendationRefused,
    recommendation_actor_check,
    recommendation_step,
    recommended_entry_step,
    recommended_list_draft_check,
    recommended_list_locked,
    recommended_list_touch,
)
from evaluations.services.transitions import stage_specs
from evaluations.services.withdrawal import campaign_complete_if_done
from orgs.models import User
from orgs.permissions import Capability, roles_over
from orgs.services.audit import audit_record


def recommended_list_build(
    *, campaign: Campaign, by: User, lock_version: int | None = None, now: datetime | None = None
) -> RecommendedList:
    """Build a new batch (or rebuild the open draft) from the evaluations ready now: at the approval stage and on no
    list yet; the others wait for a later batch.

    Ranked by total, ties by organization code; proposed stars = computed stars. An evaluation at the
    approval stage without a computed result is refused by name.
    """
    recommendation_actor_check(by, campaign, object_type="campaign", object_id=campaign.pk)
    now = now or timezone.now()
    with recommendation_step(by=by, object_id=campaign.pk, step="build"):
        recommended_list = recommended_list_locked(campaign, lock_version)
        if recommended_list is not None:
            recommended_list_draft_check(recommended_list)
            recommended_list.entries.all().delete()
        if campaign.status != CampaignStatus.OPEN:
            raise RecommendationRefused(_("The campaign is not open."))
        rows = list(
            ready_for_a_batch(campaign)
            .values_list("pk", "organization__code", "organization__name", "result__total", "result__stars")
            .order_by(F("result__total").desc(nulls_last=True), "organization__code")
        )
        if not rows:
            raise RecommendationRefused(_("No evaluation of this campaign has reached the final approval stage."))
        missing = [name for _pk, _code, name, total, _stars in rows if total is None]
        if missing:
            raise RecommendationRefused(
                _("No computed result yet for: %(names)s. Compute the campaign first.")
                % {"names": "、".join(missing[:10]) + ("…" if len(missing) > 10 else "")}
            )
        # A revision reopened these after an earlier batch approved them: their entry moves to the new batch.
        revised = RecommendedEntry.objects.filter(
            evaluation_id__in=[pk for pk, *_rest in rows], recommended_list__status=RecommendationStatus.APPROVED
        ).delete()[0]
        if recommended_list is None:
            number = (RecommendedList.objects.filter(campaign=campaign).aggregate(last=Max("number"))["last"] or 0) + 1
            recommended_list = RecommendedList.objects.create(
                campaign=campaign, number=number, five_star_cap=campaign.five_star_cap
            )
        RecommendedEntry.objects.bulk_create(
            RecommendedEntry(
                recommended_list=recommended_list,
                evaluation_id=pk,
                rank=rank,
                total=total,
                computed_stars=stars or 0,
                stars=stars or 0,
            )
            for rank, (pk, _code, _name, total, stars) in enumerate(rows, start=1)
        )
        recommended_list.built_by = by
        recommended_list.built_at = now
        recommended_list_touch(recommended_list, "built_by", "built_at")
        audit_record(
            action=EvaluationAuditAction.RECOMMENDATION,
            actor=by,
            object_type="recommended_list",
            object_id=recommended_list.pk,
            detail={
                "step": "build",
                "campaign": campaign.pk,
                "batch": recommended_list.number,
                "entries": len(rows),
                "revised": revised,
            },
        )
    return recommended_list


def recommended_entry_set_stars(
    *, entry: RecommendedEntry, stars: object, note: str, by: User, lock_version: int | None = None
) -> RecommendedEntry:
    """Lower an entry's proposed stars with a note; never above the computed stars."""
    with recommended_entry_step(entry=entry, by=by, step="stars", lock_version=lock_version) as recommended_list:
        entry = RecommendedEntry.objects.select_related("evaluation__organization").get(pk=entry.pk)
        name = entry.evaluation.organization.name
        try:
            stars = int(str(stars).strip())
        except ValueError:
            raise RecommendationRefused(_("%(name)s: stars must be a whole number.") % {"name": name}) from None
        if not 0 <= stars <= entry.computed_stars:
            raise RecommendationRefused(
                _("%(name)s: the proposed stars go from 0 to the computed %(computed)d, not %(stars)d.")
                % {"name": name, "computed": entry.computed_stars, "stars": stars}
            )
        note = (note or "").strip()
        if stars < entry.computed_stars and not note:
            raise RecommendationRefused(
                _("%(name)s: say why the stars are lowered below the computed ones.") % {"name": name}
            )
        old = entry.stars
        entry.stars = stars
        entry.note = note if stars < entry.computed_stars else ""
        entry.save(update_fields=["stars", "note"])
        recommended_list_touch(recommended_list)
        audit_record(
            action=EvaluationAuditAction.RECOMMENDATION,
            actor=by,
            object_type="evaluation",
            object_id=entry.evaluation_id,
            detail={"step": "stars", "from": old, "to": stars, "note": entry.note},
        )
    return entry


def recommended_entry_remove(*, entry: RecommendedEntry, by: User, lock_version: int | None = None) -> None:
    """Take an organization off the open draft batch: it waits at the approval stage for a later batch (or is
    withdrawn); the batch is ranked again and checked again."""
    with recommended_entry_step(entry=entry, by=by, step="remove", lock_version=lock_version) as recommended_list:
        entry = RecommendedEntry.objects.filter(pk=entry.pk).first()
        if entry is None:
            raise RecommendationRefused(_("The organization is no longer on the batch. Reload the page."))
        evaluation_id = entry.evaluation_id
        entry.delete()
        remaining = list(recommended_list.entries.order_by("rank"))
        for rank, remaining_entry in enumerate(remaining, start=1):
            remaining_entry.rank = rank
        RecommendedEntry.objects.bulk_update(remaining, ["rank"])
        recommended_list_touch(recommended_list)
        audit_record(
            action=EvaluationAuditAction.RECOMMENDATION,
            actor=by,
            object_type="evaluation",
            object_id=evaluation_id,
            detail={"step": "remove", "batch": recommended_list.number},
        )


def recommended_list_submit(
    *, recommended_list: RecommendedList, by: User, lock_version: int | None = None, now: datetime | None = None
) -> RecommendedList:
    """Send the list to the district committee; refused while a check fails (the failures are named)."""
    recommendation_actor_check(
        by, recommended_list.campaign, object_type="recommended_list", object_id=recommended_list.pk
    )
    now = now or timezone.now()
    with recommendation_step(by=by, object_id=recommended_list.pk, step="submit"):
        recommended_list = recommended_list_locked(recommended_list.campaign, lock_version, pk=recommended_list.pk)
        recommended_list_draft_check(recommended_list)
        if not recommended_list.entries.exists():
            raise RecommendationRefused(
                _("Batch %(number)d has no organization on it: build it again.") % {"number": recommended_list.number}
            )
        checks = recommended_list_checks(recommended_list)
        if not checks.ok:
            raise RecommendationRefused([_("The recommended list fails its checks:"), *checks.failures()])
        recommended_list.status = RecommendationStatus.SUBMITTED
        recommended_list.submitted_at = now
        recommended_list.checks = checks.as_json()
        recommended_list.lock_version += 1
        recommended_list.save(update_fields=["status", "submitted_at", "checks", "lock_version"])
        audit_record(
            action=EvaluationAuditAction.RECOMMENDATION,
            actor=by,
            object_type="recommended_list",
            object_id=recommended_list.pk,
            detail={"step": "submit", "entries": checks.organizations, "five_star": checks.five_star},
        )
    return recommended_list


def recommended_list_withdraw(
    *, recommended_list: RecommendedList, by: User, reason: str, lock_version: int | None = None
) -> RecommendedList:
    """A submitted list back to draft before approval: withdrawn by the district organization department, or returned
    by the committee, with the reason (audited); it can then be changed and submitted again."""
    recommendation_actor_check(
        by,
        recommended_list.campaign,
        object_type="recommended_list",
        object_id=recommended_list.pk,
        alternatives=(Capability.APPROVE_RESULTS,),
    )
    reason = (reason or "").strip()
    with recommendation_step(by=by, object_id=recommended_list.pk, step="withdraw"):
        recommended_list = recommended_list_locked(recommended_list.campaign, lock_version, pk=recommended_list.pk)
        if recommended_list.status == RecommendationStatus.APPROVED:
            raise RecommendationRefused(_("The recommended list is approved and frozen."))
        if recommended_list.status != RecommendationStatus.SUBMITTED:
            raise RecommendationRefused(_("The recommended list is a draft: there is nothing to take back."))
        if not reason:
            raise RecommendationRefused(_("Say why the recommended list goes back to draft."))
        recommended_list.status = RecommendationStatus.DRAFT
        recommended_list.submitted_at = None
        recommended_list.lock_version += 1
        recommended_list.save(update_fields=["status", "submitted_at", "lock_version"])
        audit_record(
            action=EvaluationAuditAction.RECOMMENDATION,
            actor=by,
            object_type="recommended_list",
            object_id=recommended_list.pk,
            detail={"step": "withdraw", "reason": reason},
        )
    return recommended_list


def recommended_list_approve(
    *, recommended_list: RecommendedList, by: User, lock_version: int | None = None, now: datetime | None = None
) -> RecommendedList:
    """The district committee approves the whole submitted batch in one action; its results are published, frozen.
    The evaluations not on the batch wait for the next one; the campaign is complete when none is left.

    Every evaluation on the list must pass the same rule as one approval (``workflow.decide``); one that does
    not is named and nothing changes. Set-based: one locking read, one update per star level, one bulk insert.
    """
    recommendation_actor_check(
        by,
        recommended_list.campaign,
        object_type="recommended_list",
        object_id=recommended_list.pk,
        capability=Capability.APPROVE_RESULTS,
    )
    now = now or timezone.now()
    with recommendation_step(
        by=by, object_id=recommended_list.pk, step="approve", action=EvaluationAuditAction.APPROVAL
    ):
        recommended_list = recommended_list_locked(recommended_list.campaign, lock_version, pk=recommended_list.pk)
        if recommended_list.status == RecommendationStatus.APPROVED:
            raise RecommendationRefused(_("The recommended list is already approved."))
        if recommended_list.status != RecommendationStatus.SUBMITTED:
            raise RecommendationRefused(_("Only a submitted recommended list is approved."))
        campaign = recommended_list.campaign
        if campaign.status != CampaignStatus.OPEN:
            raise RecommendationRefused(_("The campaign is not open."))
        stages = list(CampaignStage.objects.filter(campaign=campaign).order_by("order"))
        index_of = {stage.pk: index for index, stage in enumerate(stages)}
        specs = stage_specs(stages)
        stars_of = dict(
            RecommendedEntry.objects.filter(recommended_list=recommended_list).values_list("evaluation_id", "stars")
        )
        evaluations = list(
            Evaluation.objects.select_for_update(of=("self",))
            .filter(pk__in=list(stars_of))
            .select_related("organization")
            .only("pk", "status", "stage_id", "revision", "organization__path", "organization__name")
            .order_by("pk")
        )
        refusals = []
        for evaluation in evaluations:
            decision = decide(
                stages=specs,
                current=index_of.get(evaluation.stage_id, -1),
                approved=evaluation.status == EvaluationStatus.APPROVED,
                action=Action.SUBMIT,
                roles=roles_over(by, evaluation.organization),
                facts=Facts(),
            )
            if not (decision.allowed and decision.approves):
                reason = decision.refusal or _("It is not at the final approval stage.")
                refusals.append(f"{evaluation.organization.name}: {reason}")
        if refusals:
            raise RecommendationRefused(
                [_("The list cannot be approved; nothing was changed:"), *refusals[:20]]
                + ([_("… and %(count)d more.") % {"count": len(refusals) - 20}] if len(refusals) > 20 else [])
            )
        by_stars: dict[int, list[int]] = {}
        for evaluation in evaluations:
            by_stars.setdefault(stars_of[evaluation.pk], []).append(evaluation.pk)
        for stars, ids in by_stars.items():
            Evaluation.objects.filter(pk__in=ids).update(
                status=EvaluationStatus.APPROVED,
                approved_stars=stars,
                approved_at=now,
                lock_version=F("lock_version") + 1,
                updated_at=now,
            )
        Transition.objects.bulk_create(
            Transition(
                evaluation_id=evaluation.pk,
                action=Action.SUBMIT,
                from_stage_id=evaluation.stage_id,
                to_stage_id=evaluation.stage_id,
                approved=True,
                revision=evaluation.revision,
                by=by,
                at=now,
            )
            for evaluation in evaluations
        )
        recommended_list.status = RecommendationStatus.APPROVED
        recommended_list.approved_by = by
        recommended_list.approved_at = now
        recommended_list.lock_version += 1
        recommended_list.save(update_fields=["status", "approved_by", "approved_at", "lock_version"])
        if campaign.published_at is None:
            campaign.published_at = now
            campaign.save(update_fields=["published_at"])
        audit_record(
            action=EvaluationAuditAction.APPROVAL,
            actor=by,
            object_type="recommended_list",
            object_id=recommended_list.pk,
            detail={
                "campaign": campaign.pk,
                "batch": recommended_list.number,
                "approved": len(evaluations),
                "stars": {str(stars): len(ids) for stars, ids in sorted(by_stars.items())},
            },
        )
        campaign_complete_if_done(campaign=campaign, by=by, now=now)
        evaluations_approved_notify(evaluation_ids=[evaluation.pk for evaluation in evaluations], by=by)
        consequences_request(
            organization_ids=[evaluation.organization_id for evaluation in evaluations], cause="approval", by=by
        )
    return recommended_list
