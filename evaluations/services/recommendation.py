"""What every step on the recommended list (建议名单) shares: who may act, the row lock at the version the page
showed, the draft check, the stored checks, and refusals that are audited and change nothing."""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    Campaign,
    RecommendationStatus,
    RecommendedEntry,
    RecommendedList,
)
from evaluations.selectors.approval import campaign_quota_checks, recommended_list_checks
from orgs.models import AuditOutcome, User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record


class RecommendationRefused(ValidationError):
    """The recommended list cannot be changed, submitted or approved now; the message says why. Nothing changed."""


class StaleRecommendation(RecommendationRefused):
    """Someone else changed the recommended list after the page was loaded."""


@contextmanager
def recommendation_step(
    *,
    by: User | None,
    object_id: object,
    step: str,
    action: str = EvaluationAuditAction.RECOMMENDATION,
    object_type: str = "recommended_list",
) -> Iterator[None]:
    """One step in one transaction; a refusal changes nothing and is audited with its step and reason."""
    try:
        with transaction.atomic():
            yield
    except RecommendationRefused as error:
        audit_record(
            action=action,
            actor=by,
            object_type=object_type,
            object_id=object_id,
            outcome=AuditOutcome.REFUSED,
            detail={"step": step, "reason": error.messages[0]},
        )
        raise


def recommendation_actor_check(
    by: User | None,
    campaign: Campaign,
    *,
    object_type: str,
    object_id: object,
    capability: Capability = Capability.BUILD_RECOMMENDATION,
    alternatives: tuple[Capability, ...] = (),
) -> None:
    """The district organization department builds and changes the list, the committee approves it (refused: 403,
    audited)."""
    check_actor(by, capability, campaign.scope, object_type=object_type, object_id=object_id, alternatives=alternatives)


def recommended_list_locked(
    campaign: Campaign, lock_version: int | None = None, *, pk: object = None
) -> RecommendedList | None:
    """A batch under a row lock: the one with ``pk``, else the campaign's open batch (draft or submitted), refused
    if it changed since the page showed ``lock_version``. The campaign row is locked first, so that two steps on
    its batches (two builds of a new batch) run one after the other."""
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    batches = RecommendedList.objects.select_for_update().select_related("campaign").filter(campaign=campaign)
    if pk is not None:
        recommended_list = batches.filter(pk=pk).first()
    else:
        recommended_list = batches.exclude(status=RecommendationStatus.APPROVED).first()
    if recommended_list is not None and lock_version is not None and lock_version != recommended_list.lock_version:
        raise StaleRecommendation(
            _("The recommended list changed in the meantime (by someone else). Reload the page and try again.")
        )
    return recommended_list


def recommended_list_draft_check(recommended_list: RecommendedList) -> None:
    """Only a draft list changes."""
    if recommended_list.status == RecommendationStatus.APPROVED:
        raise RecommendationRefused(_("Batch %(number)d is approved and frozen.") % {"number": recommended_list.number})
    if recommended_list.status == RecommendationStatus.SUBMITTED:
        raise RecommendationRefused(
            _("Batch %(number)d is submitted for approval: it can no longer be changed.")
            % {"number": recommended_list.number}
        )


def recommended_list_locked_draft(campaign: Campaign) -> RecommendedList | None:
    """Lock the campaign's open batch before a cap or penalty changes: a submitted batch cannot change (approved
    batches keep the checks they were approved with)."""
    recommended_list = recommended_list_locked(campaign)
    if recommended_list is not None:
        recommended_list_draft_check(recommended_list)
    return recommended_list


@contextmanager
def recommended_entry_step(
    *, entry: RecommendedEntry, by: User, step: str, lock_version: int | None
) -> Iterator[RecommendedList]:
    """A change to one entry of a batch: who acts, the batch locked at the page's version and still a draft."""
    campaign = entry.recommended_list.campaign
    recommendation_actor_check(by, campaign, object_type="recommended_list", object_id=entry.recommended_list_id)
    with recommendation_step(by=by, object_id=entry.recommended_list_id, step=step):
        recommended_list = recommended_list_locked(campaign, lock_version, pk=entry.recommended_list_id)
        recommended_list_draft_check(recommended_list)
        yield recommended_list


def approved_within_caps(campaign: Campaign, cap: Decimal | None = None) -> None:
    """Refuse a change (a lower cap, a penalty, a withdrawal) after which the organizations already approved would
    break a cap: no later batch could be submitted then. Called inside the change's transaction."""
    checks = campaign_quota_checks(campaign, cap=campaign.five_star_cap if cap is None else cap)
    if not checks.ok:
        raise RecommendationRefused(
            [
                _(
                    "After this change the organizations already approved would break a cap, and no later batch "
                    "could be submitted:"
                ),
                *checks.failures(),
            ]
        )


def recommended_list_touch(recommended_list: RecommendedList, *fields: str) -> None:
    """Store the checks as they are now and count the change (the version the forms carry)."""
    recommended_list.checks = recommended_list_checks(recommended_list).as_json()
    recommended_list.lock_version += 1
    recommended_list.save(update_fields=["checks", "lock_version", *fields])
