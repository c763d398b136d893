"""The recommended list (建议名单) and its final approval (审定) by the district committee.

Yucheng 五星争创 (seed 000): the district organization department reviews centrally and proposes the
recommended list; the district committee approves it, and the results are then final. The district caps the
share of five-star organizations (default 30 %, editable), and Suxian (seed 002) takes 3–5 points of the
top-grade quota from a street weak in routine assessment. The checks are computed on every change and shown
before approval; the list cannot be submitted while one fails.
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    Campaign,
    CampaignStage,
    CampaignStatus,
    Evaluation,
    EvaluationStatus,
    QuotaPenalty,
    RecommendationStatus,
    RecommendedEntry,
    RecommendedList,
    Transition,
)
from evaluations.rules.workflow import Action, Facts, StageKind, decide
from evaluations.selectors.approval import recommended_list_checks
from evaluations.services.transitions import stage_specs
from orgs.models import AuditOutcome, Level, Organization, User
from orgs.permissions import Capability, check_actor, roles_over
from orgs.services.audit import audit_record
from orgs.tree import STREET_PATH_LENGTH


class RecommendationRefused(ValidationError):
    """The recommended list cannot be changed, submitted or approved now; the message says why. Nothing changed."""


class StaleRecommendation(RecommendationRefused):
    """Someone else changed the recommended list after the page was loaded."""


def _refuse(error: RecommendationRefused, *, action: EvaluationAuditAction, by: User, object_id: object, step: str):
    audit_record(
        action=action,
        actor=by,
        object_type="recommended_list",
        object_id=object_id,
        outcome=AuditOutcome.REFUSED,
        detail={"step": step, "reason": error.messages[0]},
    )
    raise error


def _check_actor(
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


def _locked_list(campaign: Campaign) -> RecommendedList | None:
    return RecommendedList.objects.select_for_update().select_related("campaign").filter(campaign=campaign).first()


def _check_version(recommended_list: RecommendedList, lock_version: int | None) -> None:
    if lock_version is not None and lock_version != recommended_list.lock_version:
        raise StaleRecommendation(
            _("The recommended list changed in the meantime (by someone else). Reload the page and try again.")
        )


def _check_draft(recommended_list: RecommendedList) -> None:
    if recommended_list.status == RecommendationStatus.APPROVED:
        raise RecommendationRefused(_("The recommended list is approved and frozen."))
    if recommended_list.status == RecommendationStatus.SUBMITTED:
        raise RecommendationRefused(_("The recommended list is submitted for approval: it can no longer be changed."))


def _touch(recommended_list: RecommendedList, *fields: str) -> None:
    """Store the checks as they are now and count the change (the version the forms carry)."""
    recommended_list.checks = recommended_list_checks(recommended_list).as_json()
    recommended_list.lock_version += 1
    recommended_list.save(update_fields=["checks", "lock_version", *fields])


# ---------------------------------------------------------------------------------------------------------
# Writes.


def recommended_list_build(
    *, campaign: Campaign, by: User, lock_version: int | None = None, now: datetime | None = None
) -> RecommendedList:
    """Build (or rebuild, while a draft) the list from the evaluations at the approval stage.

    Ranked by total, ties by organization code; proposed stars = computed stars. An evaluation at the
    approval stage without a computed result is refused by name.
    """
    _check_actor(by, campaign, object_type="campaign", object_id=campaign.pk)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            recommended_list = _locked_list(campaign)
            if recommended_list is not None:
                _check_version(recommended_list, lock_version)
                _check_draft(recommended_list)
            rows = list(
                Evaluation.objects.filter(
                    campaign=campaign, stage__kind=StageKind.APPROVAL, status=EvaluationStatus.IN_PROGRESS
                )
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
            if recommended_list is None:
                recommended_list = RecommendedList.objects.create(
                    campaign=campaign, five_star_cap=campaign.five_star_cap
                )
            else:
                recommended_list.entries.all().delete()
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
            _touch(recommended_list, "built_by", "built_at")
            audit_record(
                action=EvaluationAuditAction.RECOMMENDATION,
                actor=by,
                object_type="recommended_list",
                object_id=recommended_list.pk,
                detail={"step": "build", "campaign": campaign.pk, "entries": len(rows)},
            )
    except RecommendationRefused as error:
        _refuse(error, action=EvaluationAuditAction.RECOMMENDATION, by=by, object_id=campaign.pk, step="build")
    return recommended_list


def recommended_entry_set_stars(
    *, entry: RecommendedEntry, stars: object, note: str, by: User, lock_version: int | None = None
) -> RecommendedEntry:
    """Lower an entry's proposed stars with a note; never above the computed stars."""
    _check_actor(
        by, entry.recommended_list.campaign, object_type="recommended_list", object_id=entry.recommended_list_id
    )
    try:
        with transaction.atomic():
            recommended_list = _locked_list(entry.recommended_list.campaign)
            _check_version(recommended_list, lock_version)
            _check_draft(recommended_list)
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
            _touch(recommended_list)
            audit_record(
                action=EvaluationAuditAction.RECOMMENDATION,
                actor=by,
                object_type="evaluation",
                object_id=entry.evaluation_id,
                detail={"step": "stars", "from": old, "to": stars, "note": entry.note},
            )
    except RecommendationRefused as error:
        _refuse(
            error, action=EvaluationAuditAction.RECOMMENDATION, by=by, object_id=entry.recommended_list_id, step="stars"
        )
    return entry


def _parse_decimal(raw: object, field: str, message: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise RecommendationRefused({field: message}) from None
    if not value.is_finite():
        raise RecommendationRefused({field: message})
    return value


def _draft_list_locked(campaign: Campaign) -> RecommendedList | None:
    """Lock the campaign's list before a cap or penalty changes: a submitted or approved list cannot change."""
    recommended_list = _locked_list(campaign)
    if recommended_list is not None:
        _check_draft(recommended_list)
    return recommended_list


def quota_penalty_set(
    *, campaign: Campaign, street: Organization, points: object, reason: str, by: User
) -> QuotaPenalty:
    """Suxian (seed 002): a street weak in routine assessment loses 3–5 points of its top-grade share."""
    _check_actor(by, campaign, object_type="campaign", object_id=campaign.pk)
    try:
        with transaction.atomic():
            if street.level != Level.STREET or not street.path.startswith(campaign.scope.path[:STREET_PATH_LENGTH]):
                raise RecommendationRefused({"street": _("Choose a street of the campaign.")})
            message = _("%(street)s: points lost go from 3 to 5.") % {"street": street.name}
            value = _parse_decimal(points, "points", message)
            if not Decimal(3) <= value <= Decimal(5) or value != value.quantize(Decimal("0.1")):
                raise RecommendationRefused({"points": message})
            reason = (reason or "").strip()
            if not reason:
                raise RecommendationRefused(
                    {"reason": _("%(street)s: say why the street loses quota.") % {"street": street.name}}
                )
            recommended_list = _draft_list_locked(campaign)
            penalty, _created = QuotaPenalty.objects.update_or_create(
                campaign=campaign, street=street, defaults={"points": value, "reason": reason}
            )
            if recommended_list is not None:
                _touch(recommended_list)
            audit_record(
                action=EvaluationAuditAction.RECOMMENDATION,
                actor=by,
                object_type="campaign",
                object_id=campaign.pk,
                detail={"step": "quota_penalty", "street": street.code, "points": str(value), "reason": reason},
            )
    except RecommendationRefused as error:
        _refuse(error, action=EvaluationAuditAction.RECOMMENDATION, by=by, object_id=campaign.pk, step="quota_penalty")
    return penalty


def quota_penalty_remove(*, penalty: QuotaPenalty, by: User) -> None:
    """Take a street's quota penalty back (the list, if a draft, is checked again)."""
    campaign = penalty.campaign
    _check_actor(by, campaign, object_type="campaign", object_id=campaign.pk)
    try:
        with transaction.atomic():
            recommended_list = _draft_list_locked(campaign)
            street = penalty.street
            penalty.delete()
            if recommended_list is not None:
                _touch(recommended_list)
            audit_record(
                action=EvaluationAuditAction.RECOMMENDATION,
                actor=by,
                object_type="campaign",
                object_id=campaign.pk,
                detail={"step": "quota_penalty_remove", "street": street.code},
            )
    except RecommendationRefused as error:
        _refuse(
            error,
            action=EvaluationAuditAction.RECOMMENDATION,
            by=by,
            object_id=campaign.pk,
            step="quota_penalty_remove",
        )


def five_star_cap_set(*, campaign: Campaign, cap: object, by: User) -> Campaign:
    """The share of five-star organizations the district allows (default 30 %), for the campaign and its list."""
    _check_actor(by, campaign, object_type="campaign", object_id=campaign.pk)
    try:
        with transaction.atomic():
            value = _parse_decimal(cap, "five_star_cap", _("The five-star share is a percentage from 0 to 100."))
            if not Decimal(0) <= value <= Decimal(100) or value != value.quantize(Decimal("0.1")):
                raise RecommendationRefused({"five_star_cap": _("The five-star share is a percentage from 0 to 100.")})
            recommended_list = _draft_list_locked(campaign)
            if recommended_list is not None:
                recommended_list.five_star_cap = value
                _touch(recommended_list, "five_star_cap")
            old = campaign.five_star_cap
            campaign.five_star_cap = value
            campaign.save(update_fields=["five_star_cap"])
            audit_record(
                action=EvaluationAuditAction.RECOMMENDATION,
                actor=by,
                object_type="campaign",
                object_id=campaign.pk,
                detail={"step": "five_star_cap", "from": str(old), "to": str(value)},
            )
    except RecommendationRefused as error:
        _refuse(error, action=EvaluationAuditAction.RECOMMENDATION, by=by, object_id=campaign.pk, step="five_star_cap")
    return campaign


def recommended_list_submit(
    *, recommended_list: RecommendedList, by: User, lock_version: int | None = None, now: datetime | None = None
) -> RecommendedList:
    """Send the list to the district committee; refused while a check fails (the failures are named)."""
    _check_actor(by, recommended_list.campaign, object_type="recommended_list", object_id=recommended_list.pk)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            recommended_list = _locked_list(recommended_list.campaign)
            _check_version(recommended_list, lock_version)
            _check_draft(recommended_list)
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
    except RecommendationRefused as error:
        _refuse(error, action=EvaluationAuditAction.RECOMMENDATION, by=by, object_id=recommended_list.pk, step="submit")
    return recommended_list


def recommended_list_withdraw(
    *, recommended_list: RecommendedList, by: User, reason: str, lock_version: int | None = None
) -> RecommendedList:
    """A submitted list back to draft before approval: withdrawn by the district organization department, or returned
    by the committee, with the reason (audited); it can then be changed and submitted again."""
    _check_actor(
        by,
        recommended_list.campaign,
        object_type="recommended_list",
        object_id=recommended_list.pk,
        alternatives=(Capability.APPROVE_RESULTS,),
    )
    reason = (reason or "").strip()
    try:
        with transaction.atomic():
            recommended_list = _locked_list(recommended_list.campaign)
            _check_version(recommended_list, lock_version)
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
    except RecommendationRefused as error:
        _refuse(
            error, action=EvaluationAuditAction.RECOMMENDATION, by=by, object_id=recommended_list.pk, step="withdraw"
        )
    return recommended_list


def recommended_list_approve(
    *, recommended_list: RecommendedList, by: User, lock_version: int | None = None, now: datetime | None = None
) -> RecommendedList:
    """The district committee approves the whole submitted list in one action; the results are published, frozen.

    Every evaluation on the list must pass the same rule as one approval (``workflow.decide``); one that does
    not is named and nothing changes. Set-based: one locking read, one update per star level, one bulk insert.
    """
    _check_actor(
        by,
        recommended_list.campaign,
        object_type="recommended_list",
        object_id=recommended_list.pk,
        capability=Capability.APPROVE_RESULTS,
    )
    now = now or timezone.now()
    try:
        with transaction.atomic():
            recommended_list = _locked_list(recommended_list.campaign)
            _check_version(recommended_list, lock_version)
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
            campaign.published_at = now
            campaign.save(update_fields=["published_at"])
            audit_record(
                action=EvaluationAuditAction.APPROVAL,
                actor=by,
                object_type="recommended_list",
                object_id=recommended_list.pk,
                detail={
                    "campaign": campaign.pk,
                    "approved": len(evaluations),
                    "stars": {str(stars): len(ids) for stars, ids in sorted(by_stars.items())},
                },
            )
    except RecommendationRefused as error:
        _refuse(error, action=EvaluationAuditAction.APPROVAL, by=by, object_id=recommended_list.pk, step="approve")
    return recommended_list
