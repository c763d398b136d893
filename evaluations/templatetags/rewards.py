"""The rewards pages' filters: money as the finance office reads it (44,503.20), and whether to offer them."""

from decimal import Decimal

from django import template

from evaluations.secretary_permissions import LEDGER_VIEW_CAPABILITIES
from orgs.permissions import has_capability

register = template.Library()


@register.filter
def yuan_amount(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


@register.filter
def sees_rewards(user) -> bool:
    """Whether the navigation offers the rewards: the same capabilities as the ledger's door, from the cached
    grants (no query of its own)."""
    return any(has_capability(user, capability) for capability in LEDGER_VIEW_CAPABILITIES)
