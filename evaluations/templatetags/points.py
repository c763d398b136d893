"""How every page shows points and totals: without trailing zeros (97.5, 80, 17.5)."""

from decimal import Decimal, InvalidOperation

from django import template

from evaluations.selectors.votes import few_ballots_note

register = template.Library()


@register.filter(name="points")
def points(value: object) -> str:
    """A number of points as people write it: 97.50 → 97.5, 80.00 → 80; blank for no value."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    text = format(number.normalize(), "f")
    return "0" if text == "-0" else text


@register.filter(name="percent")
def percent(value: object) -> str:
    """A share as per cent without trailing zeros: 0.6 → 60, 0.705 → 70.5; blank for no value."""
    if value is None or value == "":
        return ""
    return points(Decimal(str(value)) * 100)


@register.filter(name="few_ballots")
def few_ballots(ballots: object) -> str:
    """The mark of a satisfaction share from too few ballots ("样本不足（3 票）"); empty otherwise."""
    return few_ballots_note(ballots if isinstance(ballots, int) else None)
