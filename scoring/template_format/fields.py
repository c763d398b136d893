"""Typed fields of a template document, read one by one, every problem collected with the path of its node."""

from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from scoring.definitions import ZERO, is_half_step
from scoring.template_format.problems import Problem, segment

ONE = Decimal(1)
CODE_LENGTH = 64


def _type_name(expected: str) -> str:
    names = {
        "mapping": _("a mapping (key: value)"),
        "list": _("a list"),
        "text": _("text"),
        "number": _("a number"),
        "integer": _("a whole number"),
        "boolean": _("true or false"),
    }
    return str(names[expected])


def _found_name(value: object) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _type_name("boolean")
    if isinstance(value, dict):
        return _type_name("mapping")
    if isinstance(value, list):
        return _type_name("list")
    if isinstance(value, int | float):
        return _type_name("number")
    if isinstance(value, str):
        return _type_name("text")
    return type(value).__name__


def values_of(enum: type) -> tuple[str, ...]:
    """The values a choice field allows, in the enum's order."""
    return tuple(member.value for member in enum)


class FieldReader:
    """Reads the fields of one template document, collecting problems instead of stopping at the first."""

    def __init__(self, prefix: str = ""):
        self.prefix = prefix
        self.problems: list[Problem] = []
        self.codes: dict[str, str] = {}

    def element(self, path: str, index: int, node: object) -> str:
        """A list element named by its code, or by its position when it has none or repeats an earlier one."""
        code = node.get("code") if isinstance(node, dict) else None
        if not isinstance(code, str) or not code:
            return f"{path}[#{index + 1}]"
        return f"{path}[#{index + 1} {code}]" if code in self.codes else f"{path}[{code}]"

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.prefix + path, message))

    def mapping(self, node: object, path: str, fields: Iterable[str], required: Iterable[str] = ()) -> dict | None:
        if not isinstance(node, dict):
            self.wrong_type(path, "mapping", node)
            return None
        allowed = tuple(fields)
        for key in node:
            if key not in allowed:
                self.fail(
                    segment(path, str(key)),
                    _("Unknown field %(key)s; allowed here: %(allowed)s.")
                    % {"key": key, "allowed": ", ".join(allowed)},
                )
        for key in required:
            if key not in node:
                self.fail(segment(path, key), _("This field is missing."))
        return node

    def wrong_type(self, path: str, expected: str, value: object) -> None:
        self.fail(
            path,
            _("Expected %(expected)s, found %(found)s.")
            % {"expected": _type_name(expected), "found": _found_name(value)},
        )

    def text(self, node: dict, key: str, path: str, default: str | None = "") -> str | None:
        value = node.get(key)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            self.wrong_type(segment(path, key), "text", value)
            return default
        return value.strip()

    def number(self, node: dict, key: str, path: str, default: Decimal | None = None, *, points: bool = False):
        value = node.get(key)
        if value is None:
            return default
        where = segment(path, key)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.wrong_type(where, "number", value)
            return default
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.wrong_type(where, "number", value)
            return default
        if not number.is_finite():
            self.wrong_type(where, "number", value)
            return default
        if points and not is_half_step(number):
            self.fail(where, _("Use whole or half points: %(value)s.") % {"value": value})
        return number

    def points(self, node: dict, key: str, path: str, default: Decimal | None = None) -> Decimal | None:
        number = self.number(node, key, path, default, points=True)
        if number is not None and number < 0:
            self.fail(segment(path, key), _("Points cannot be negative: %(value)s.") % {"value": node.get(key)})
        return number

    def integer(self, node: dict, key: str, path: str, default: int | None = None, low: int = 0, high: int = 9999):
        value = node.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(segment(path, key), "integer", value)
            return default
        if not low <= value <= high:
            self.fail(
                segment(path, key),
                _("%(value)s is out of range: from %(low)s to %(high)s.") % {"value": value, "low": low, "high": high},
            )
            return default
        return value

    def boolean(self, node: dict, key: str, path: str, default: bool = False) -> bool:
        value = node.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.wrong_type(segment(path, key), "boolean", value)
            return default
        return value

    def sequence(self, node: dict, key: str, path: str) -> list:
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.wrong_type(segment(path, key), "list", value)
            return []
        return value

    def share(self, node: dict, key: str, path: str) -> Decimal | None:
        number = self.number(node, key, path)
        if number is not None and not ZERO <= number <= ONE:
            self.fail(
                segment(path, key), _("A share or weight lies between 0 and 1: %(value)s.") % {"value": node[key]}
            )
        return number

    def code(self, node: dict, path: str) -> str:
        code = self.text(node, "code", path) or ""
        if len(code) > CODE_LENGTH:
            self.fail(segment(path, "code"), _("A code has at most %(max)s characters.") % {"max": CODE_LENGTH})
        if code in self.codes:
            self.fail(
                segment(path, "code"),
                _("The code %(code)s is used twice (first at %(first)s).") % {"code": code, "first": self.codes[code]},
            )
        elif code:
            self.codes[code] = self.prefix + path
        return code

    def elements(self, node: dict, key: str, path: str, read: Callable[[object, str], Any], *, needed: bool = False):
        values = self.sequence(node, key, path)
        if needed and not values and key in node:
            self.fail(segment(path, key), _("At least one entry is needed."))
        found = (read(child, self.element(segment(path, key), index, child)) for index, child in enumerate(values))
        return tuple(value for value in found if value is not None)

    def choices(self, node: dict, key: str, path: str, allowed: Iterable[str]) -> tuple[str, ...]:
        allowed = tuple(allowed)
        values = []
        for index, value in enumerate(self.sequence(node, key, path)):
            if value not in allowed:
                self.fail(
                    f"{segment(path, key)}[#{index + 1}]",
                    _("Unknown value %(value)s; allowed: %(allowed)s.")
                    % {"value": value, "allowed": ", ".join(allowed)},
                )
            else:
                values.append(value)
        return tuple(values)
