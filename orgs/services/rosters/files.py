"""Opening a roster file safely and reading it as a header row and numbered data rows.

Nothing reaches openpyxl before the size, the extension and the zip directory have been checked:
an oversize file, a file that is not a zip, and a zip bomb (declared uncompressed size over
ROSTER_MAX_UNCOMPRESSED_BYTES, or an absurd compression ratio) are refused with a Chinese reason.
The sheet itself is streamed by orgs.services.rosters.xlsx (document type declarations refused, references
and declared sizes beyond XFD1048576 refused with the reference named).
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

from django.conf import settings
from django.utils.translation import gettext as _

from orgs.services.rosters.xlsx import SheetLimitError, declared_rows, iter_sheet_rows

# A real worksheet compresses 5–20 times; past this ratio on a sizeable member the file is a bomb.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_MIN_BYTES = 1024 * 1024
# The header is the first of these rows that names at least two known columns (a title row may precede it).
HEADER_SEARCH_ROWS = 10

_UNREADABLE = (
    zipfile.BadZipFile,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    OverflowError,
    OSError,
    ParseError,
    ExpatError,
    EOFError,
    csv.Error,
)


class RosterFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Table:
    """A roster sheet: numbered rows of raw cell values, the header row found by the caller."""

    rows: Iterator[tuple[int, tuple]]
    declared_rows: int | None


def roster_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".csv"):
        return suffix[1:]
    if suffix in (".xls", ".et", ".wps"):
        raise RosterFileError(
            _("Old-format Excel files (.xls) are not accepted: save the sheet as .xlsx and try again.")
        )
    raise RosterFileError(_("Only .xlsx and .csv files can be imported."))


def check_size(size: int) -> None:
    if size > settings.ROSTER_MAX_BYTES:
        raise RosterFileError(
            _("The file is %(size)s MB; a roster may be at most %(limit)s MB.")
            % {"size": f"{size / 1048576:.1f}", "limit": f"{settings.ROSTER_MAX_BYTES / 1048576:.0f}"}
        )


def check_zip(path: Path) -> None:
    """Refuse what is not a zip, and zip bombs, from the zip directory alone (nothing is inflated)."""
    if not zipfile.is_zipfile(path):
        raise RosterFileError(_("The file is damaged, or is not an Excel (.xlsx) or CSV file."))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except _UNREADABLE:
        raise RosterFileError(_("The file is damaged, or is not an Excel (.xlsx) or CSV file.")) from None
    declared = sum(member.file_size for member in members)
    absurd = any(
        member.file_size > RATIO_CHECK_MIN_BYTES
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if declared > settings.ROSTER_MAX_UNCOMPRESSED_BYTES or absurd:
        raise RosterFileError(_("The workbook unpacks to far more data than a roster holds; it was refused as unsafe."))


def _guarded(rows: Iterator[tuple[int, tuple]]) -> Iterator[tuple[int, tuple]]:
    try:
        yield from rows
    except SheetLimitError as problem:
        raise RosterFileError(str(problem)) from None
    except _UNREADABLE:
        raise RosterFileError(_("The file is damaged, or is not an Excel (.xlsx) or CSV file.")) from None


def _decode_csv(raw: bytes) -> str:
    """UTF-8 with or without a byte-order mark; GB18030 (a superset of GBK, what Excel saves in China) else."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise RosterFileError(_("The CSV file is neither UTF-8 nor GB18030 text.")) from None


@contextmanager
def open_table(path: Path, name: str) -> Iterator[Table]:
    """Open a roster file (its display name decides the format) after the safety checks."""
    kind = roster_format(name)
    check_size(path.stat().st_size)
    if kind == "csv":
        text = _decode_csv(path.read_bytes())
        if "\x00" in text:
            raise RosterFileError(_("The CSV file is neither UTF-8 nor GB18030 text."))
        reader = csv.reader(io.StringIO(text, newline=""))
        yield Table(
            rows=_guarded(enumerate((tuple(row) for row in reader), start=1)), declared_rows=text.count("\n") or None
        )
        return
    check_zip(path)
    with zipfile.ZipFile(path) as archive:
        try:
            declared = declared_rows(archive)
        except SheetLimitError as problem:
            raise RosterFileError(str(problem)) from None
        except _UNREADABLE:
            raise RosterFileError(_("The file is damaged, or is not an Excel (.xlsx) or CSV file.")) from None
        yield Table(rows=_guarded(iter_sheet_rows(archive)), declared_rows=declared)
