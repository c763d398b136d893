"""Money as the finance office reads it: 44,503.20 (two decimals, thousands grouped)."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan_amount(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"
