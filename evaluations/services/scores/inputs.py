"""What a score sheet is given and how it is read: a score as typed, the points of one item and the declared
star level parsed with a message naming the item or field, and the errors a save refuses with."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from evaluations.rules.tree import Leaf
from scoring.definitions import Kind, is_half_step

DECLARABLE_STARS = {str(stars): stars for stars in range(6)}


class Unchanged(Enum):
    """An argument not given: what is saved stays as it is."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


class ScoreErrors(ValidationError):
    """Per-item errors: ``errors_by_code`` maps a leaf or veto code (or "__all__") to its Chinese message."""

    def __init__(self, errors_by_code: dict[str, str]):
        self.errors_by_code = errors_by_code
        super().__init__(list(errors_by_code.values()))


class StaleVersion(ScoreErrors):
    """The evaluation was saved by someone else since ``given``; it is now at ``current``."""

    def __init__(self, *, given: int, current: int):
        self.given, self.current = given, current
        super().__init__(
            {"__all__": _("Someone else saved this evaluation in the meantime. Reload the page and enter again.")}
        )


@dataclass(frozen=True)
class ScoreInput:
    points: str | Decimal | None
    note: str = ""


def points_text(value: Decimal) -> str:
    """Points as the sheet and its history write them: 1.5, 2, never 2.0."""
    return format(value.normalize(), "f")


def parse_points(leaf: Leaf, raw: object) -> tuple[Decimal | None, str | None]:
    """The points of one leaf from what was typed, or the Chinese message that names the item."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return None, None
    values = {"item": leaf.label, "low": points_text(leaf.low), "high": points_text(leaf.high), "value": text}
    try:
        points = Decimal(text)
    except InvalidOperation:
        return None, _("%(item)s: %(value)s is not a number.") % values
    if not points.is_finite():
        return None, _("%(item)s: %(value)s is not a number.") % values
    if not leaf.low <= points <= leaf.high:
        return None, _("%(item)s: %(value)s is outside %(low)s–%(high)s points.") % values
    if not is_half_step(points):
        return None, _("%(item)s: %(value)s is not in half points (for example 1 or 1.5).") % values
    if leaf.kind == Kind.YES_NO and points not in (Decimal(0), leaf.points_max):
        return None, _("%(item)s: a yes-or-no item scores 0 or %(high)s points.") % values
    return points, None


def declared_stars_parse(raw: object) -> tuple[int | None, str | None]:
    """The star level declared with the self-assessment (blank or None: none declared), or the message naming
    the field. Yucheng 五星争创: 0 to 5 stars."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return None, None
    if text in DECLARABLE_STARS:
        return DECLARABLE_STARS[text], None
    return None, _("Declared star level: %(value)s is not 0 to 5 stars.") % {"value": text}
