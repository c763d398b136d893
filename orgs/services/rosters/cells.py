"""Headers and cell values as people type them in Excel: variants of a header, dates in five
spellings, yes/no, and choice labels in Chinese."""

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from orgs.personal_data import id_card_problem, keyed_hash, normalize_id_card, normalize_phone, phone_problem

_HEADER_NOISE = re.compile(r"[\s*:：_\-]")
_PARENTHESIZED = re.compile(r"\(.*?\)|\[.*?\]|【.*?】")
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(?:(\d{1,2})\s*日?)?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_SERIAL = (10_000, 80_000)  # 1927 … 2119: a date cell that lost its format


class CellError(ValueError):
    """A cell that cannot be read as what its column holds; the message is for the user."""


def normalize_label(value: object) -> str:
    """Full-width to half-width (NFKC), no spaces, star marks or colons, lower case."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return _HEADER_NOISE.sub("", text).lower()


@dataclass(frozen=True)
class Column:
    """One column the import understands: the field it fills, its header and the accepted variants."""

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    def labels(self) -> set[str]:
        return {normalize_label(label) for label in (self.header, self.field, *self.aliases)}


@dataclass
class HeaderMap:
    """Which column index fills which field, and which headers were used or ignored."""

    index: dict[str, int]
    used: list[str]
    ignored: list[str]
    missing: list[Column]
    duplicated: list[tuple[int, str]]

    def recognised(self) -> int:
        return len(self.index)


def map_headers(headers: Iterable[object], columns: Iterable[Column]) -> HeaderMap:
    """Match a header row against the columns; a header may carry a note in parentheses."""
    columns = tuple(columns)
    by_label = {label: column for column in columns for label in column.labels()}
    index: dict[str, int] = {}
    used: list[str] = []
    ignored: list[str] = []
    duplicated: list[tuple[int, str]] = []
    for position, header in enumerate(headers):
        shown = str(header).strip() if header is not None else ""
        if not shown:
            continue
        label = normalize_label(shown)
        column = by_label.get(label) or by_label.get(
            normalize_label(_PARENTHESIZED.sub("", unicodedata.normalize("NFKC", shown)))
        )
        if column is None:
            ignored.append(shown)
        elif column.field in index:
            duplicated.append((position, shown))
        else:
            index[column.field] = position
            used.append(shown)
    missing = [column for column in columns if column.required and column.field not in index]
    return HeaderMap(index=index, used=used, ignored=ignored, missing=missing, duplicated=duplicated)


def cell_text(value: object) -> str:
    """The text of a cell: numbers typed into Excel come back as floats (13900001111.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    return str(value).strip()


def parse_date(value: object) -> date:
    """A date as Excel gives it (a datetime) or as typed: 2001-07-01, 2001/7/1, 2001.07, 2001年7月1日, 20010701."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and _EXCEL_SERIAL[0] <= value <= _EXCEL_SERIAL[1]:
        return from_excel(value).date()
    text = unicodedata.normalize("NFKC", cell_text(value)).split(" ")[0].split("T")[0]
    match = _DATE_TEXT.match(text) or _COMPACT_DATE.match(text)
    if match:
        year, month, day = match.groups()
        try:
            return date(int(year), int(month), int(day or 1))
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date; write it like 2001-07-01 or 2001年7月1日.") % {"value": text})


YES = {"是", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "n", "no", "false", "0", ""}


def parse_yes_no(value: object) -> bool:
    label = normalize_label(cell_text(value))
    if label in YES:
        return True
    if label in NO:
        return False
    raise CellError(_("“%(value)s” is neither 是 nor 否.") % {"value": cell_text(value)})


def choice_lookup(choices: type, synonyms: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Label → stored value for a TextChoices: its codes, its translated labels and the listed synonyms."""
    lookup = {}
    for value, label in choices.choices:
        lookup[normalize_label(value)] = value
        lookup[normalize_label(str(label))] = value
        for synonym in synonyms.get(value, ()):
            lookup[normalize_label(synonym)] = value
    return lookup


def parse_choice(value: object, lookup: Mapping[str, str], choices: type) -> str:
    text = cell_text(value)
    found = lookup.get(normalize_label(text))
    if found is None:
        accepted = "、".join(str(label) for label in choices.labels)
        raise CellError(_("“%(value)s” is not one of: %(accepted)s.") % {"value": text, "accepted": accepted})
    return found


def _validated(normalize: Callable[[str], str], problem_of: Callable[[str], str | None]) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = normalize(cell_text(value))
        problem = problem_of(text)
        if problem:
            raise CellError(problem)
        return text

    return parse


# A GB 11643 ID-card number (an 18-digit number stored as an Excel number has lost its last digits
# and fails its check digit), and a mobile or landline phone number, normalized.
parse_id_card = _validated(normalize_id_card, id_card_problem)
parse_phone = _validated(normalize_phone, phone_problem)


def phone_lookup_hash(phone: str) -> str:
    """The keyed hash protect_phone stores, computed without encrypting (to tell a change)."""
    return keyed_hash(phone.replace("-", "")) if phone else ""


def parse_text(limit: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = cell_text(value)
        if len(text) > limit:
            raise CellError(_("At most %(limit)d characters.") % {"limit": limit})
        return text

    return parse
