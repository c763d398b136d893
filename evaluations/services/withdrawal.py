"""Withdrawing an evaluation from the rating (撤回/不参与评定), and the campaign's completion.

A campaign is complete when every evaluation is approved or withdrawn with a reason: the district approves in
batches as streets finish, and an organization that will not be rated this year (merged, dissolved, exempted) is
withdrawn by the district organization department, saying why, so that the campaign can still finish.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    Campaign,
    CampaignStatus,
    Evaluation,
    EvaluationStatus,
    RecommendationStatus,
    RecommendedEntry,
)
from evaluations.services.recommendation import (
    RecommendationRefused,
    approved_within_caps,
    recommendation_actor_check,
    recommendation_step,
)
from orgs.models import User
from orgs.services.audit import audit_record


def campaign_complete_if_done(*, campaign: Campaign, by: User | None, now: datetime) -> bool:
    """Close the campaign once no evaluation is left in progress (each approved or withdrawn). True if closed now.

    Called inside the step that approved or withdrew the last one, so the campaign row is already locked.
    """
    if campaign.status != CampaignStatus.OPEN:
        return False
    if Evaluation.objects.filter(campaign=campaign, status=EvaluationStatus.IN_PROGRESS).exists():
        return False
    if not Evaluation.objects.filter(campaign=campaign).exists():
        return False
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status"])
    audit_record(
        action=EvaluationAuditAction.CAMPAIGN_COMPLETE,
        actor=by,
        object_type="campaign",
        object_id=campaign.pk,
        detail={
            "approved": Evaluation.objects.filter(campaign=campaign, status=EvaluationStatus.APPROVED).count(),
            "withdrawn": Evaluation.objects.filter(campaign=campaign, status=EvaluationStatus.WITHDRAWN).count(),
            "at": now.isoformat(),
        },
    )
    return True


def evaluation_withdraw(*, evaluation: Evaluation, reason: str, by: User, now: datetime | None = None) -> Evaluation:
    """Take an evaluation out of the rating with a reason (district organization department, audited).

    Refused for an approved evaluation, one already withdrawn, one on the open batch (remove it from the batch
    first) and without a reason. The last evaluation withdrawn completes the campaign.
    """
    campaign = evaluation.campaign
    recommendation_actor_check(by, campaign, object_type="evaluation", object_id=evaluation.pk)
    now = now or timezone.now()
    reason = (reason or "").strip()
    with recommendation_step(
        by=by,
        object_id=evaluation.pk,
        step="withdraw_evaluation",
        action=EvaluationAuditAction.EVALUATION_WITHDRAW,
        object_type="evaluation",
    ):
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        evaluation = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("organization", "secretary", "member", "stage")
            .get(pk=evaluation.pk)
        )
        name = evaluation.subject_name
        if campaign.status != CampaignStatus.OPEN:
            raise RecommendationRefused(_("The campaign is not open."))
        if evaluation.status == EvaluationStatus.APPROVED:
            raise RecommendationRefused(_("%(name)s is approved: it cannot be withdrawn.") % {"name": name})
        if evaluation.status == EvaluationStatus.WITHDRAWN:
            raise RecommendationRefused(_("%(name)s is already withdrawn from the rating.") % {"name": name})
        on_batch = (
            RecommendedEntry.objects.filter(evaluation=evaluation)
            .exclude(recommended_list__status=RecommendationStatus.APPROVED)
            .values_list("recommended_list__number", flat=True)
            .first()
        )
        if on_batch is not None:
            raise RecommendationRefused(
                _("%(name)s is on batch %(number)d of the recommended list: remove it from the batch first.")
                % {"name": name, "number": on_batch}
            )
        if not reason:
            raise RecommendationRefused(
                {"reason": _("%(name)s: say why it is withdrawn from the rating.") % {"name": name}}
            )
        evaluation.status = EvaluationStatus.WITHDRAWN
        evaluation.withdrawn_reason = reason
        evaluation.withdrawn_by = by
        evaluation.withdrawn_at = now
        evaluation.lock_version += 1
        evaluation.save(update_fields=["status", "withdrawn_reason", "withdrawn_by", "withdrawn_at", "lock_version"])
        audit_record(
            action=EvaluationAuditAction.EVALUATION_WITHDRAW,
            actor=by,
            object_type="evaluation",
            object_id=evaluation.pk,
            detail={"reason": reason, "stage": evaluation.stage.kind if evaluation.stage_id else ""},
        )
        approved_within_caps(campaign)
        campaign_complete_if_done(campaign=campaign, by=by, now=now)
    return evaluation
