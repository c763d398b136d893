"""The five-star caps of a campaign's recommended list: the district's share (default 30 %, editable) and the
Suxian penalty (seed 002) that takes 3–5 points of a weak street's top-grade quota."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    Campaign,
    QuotaPenalty,
)
from evaluations.services.recommendation import (
    RecommendationRefused,
    approved_within_caps,
    recommendation_actor_check,
    recommendation_step,
    recommended_list_locked_draft,
    recommended_list_touch,
)
from orgs.models import Level, Organization, User
from orgs.services.audit import audit_record
from orgs.tree import street_path_of


def _parse_decimal(raw: object, field: str, message: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise RecommendationRefused({field: message}) from None
    if not value.is_finite():
        raise RecommendationRefused({field: message})
    return value


def quota_penalty_set(
    *, campaign: Campaign, street: Organization, points: object, reason: str, by: User
) -> QuotaPenalty:
    """Suxian (seed 002): a street weak in routine assessment loses 3–5 points of its top-grade share."""
    recommendation_actor_check(by, campaign, object_type="campaign", object_id=campaign.pk)
    with recommendation_step(by=by, object_id=campaign.pk, step="quota_penalty"):
        if street.level != Level.STREET or not street.path.startswith(street_path_of(campaign.scope.path)):
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
        recommended_list = recommended_list_locked_draft(campaign)
        penalty, _created = QuotaPenalty.objects.update_or_create(
            campaign=campaign, street=street, defaults={"points": value, "reason": reason}
        )
        approved_within_caps(campaign)
        if recommended_list is not None:
            recommended_list_touch(recommended_list)
        audit_record(
            action=EvaluationAuditAction.RECOMMENDATION,
            actor=by,
            object_type="campaign",
            object_id=campaign.pk,
            detail={"step": "quota_penalty", "street": street.code, "points": str(value), "reason": reason},
        )
    return penalty


def quota_penalty_remove(*, penalty: QuotaPenalty, by: User) -> None:
    """Take a street's quota penalty back (the list, if a draft, is checked again)."""
    campaign = penalty.campaign
    recommendation_actor_check(by, campaign, object_type="campaign", object_id=campaign.pk)
    with recommendation_step(by=by, object_id=campaign.pk, step="quota_penalty_remove"):
        recommended_list = recommended_list_locked_draft(campaign)
        street = penalty.street
        penalty.delete()
        if recommended_list is not None:
            recommended_list_touch(recommended_list)
        audit_record(
            action=EvaluationAuditAction.RECOMMENDATION,
            actor=by,
            object_type="campaign",
            object_id=campaign.pk,
            detail={"step": "quota_penalty_remove", "street": street.code},
        )


def five_star_cap_set(*, campaign: Campaign, cap: object, by: User) -> Campaign:
    """The share of five-star organizations the district allows (default 30 %), for the campaign and its list."""
    recommendation_actor_check(by, campaign, object_type="campaign", object_id=campaign.pk)
    with recommendation_step(by=by, object_id=campaign.pk, step="five_star_cap"):
        value = _parse_decimal(cap, "five_star_cap", _("The five-star share is a percentage from 0 to 100."))
        if not Decimal(0) <= value <= Decimal(100) or value != value.quantize(Decimal("0.1")):
            raise RecommendationRefused({"five_star_cap": _("The five-star share is a percentage from 0 to 100.")})
        recommended_list = recommended_list_locked_draft(campaign)
        approved_within_caps(campaign, value)
        if recommended_list is not None:
            recommended_list.five_star_cap = value
            recommended_list_touch(recommended_list, "five_star_cap")
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
    return campaign
