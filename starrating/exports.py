"""The shared export base of every app: one class per export with its headers and iter_rows(); TableExport
renders it as XLSX or CSV, counts its rows and names its file.

Every cell that a spreadsheet would run as a formula (a leading = + - @, tab or carriage return) gets a single
quote in front, and every ID-card or mobile number typed into a text cell of an export is masked. The exports
themselves live with their app (orgs/exports.py, evaluations/exports/); each is scoped to what its user sees and
shows ID-card and phone numbers masked only.
"""

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from orgs.personal_data import mask_numbers_in_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMATS = tuple(CONTENT_TYPES)


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would evaluate is kept as text by a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def shown(value: object) -> object:
    """A cell as an export writes it: numbers typed into its text masked, then neutralised."""
    if isinstance(value, str):
        return neutralise(mask_numbers_in_text(value))
    return value


def _writer(masked: bool):
    return shown if masked else neutralise


def _csv_cell(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FILE_NAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|\s]+')
WIDTH_SAMPLE_ROWS = 200  # column widths follow the headers and this many rows
WIDTH_MAX = 60


def sheet_name(text: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of [ ] : * ? / \\."""
    return SHEET_NAME_FORBIDDEN.sub("", text)[:31] or "Sheet1"


def file_name_part(text: str) -> str:
    """Text safe in a file name on every system (Chinese kept; separators, quotes and spaces become a dash)."""
    return FILE_NAME_FORBIDDEN.sub("-", str(text)).strip("-.")


def _display_width(value: object) -> int:
    """How wide a cell shows: a Chinese (wide) character takes two columns."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its name, a title row above the header, the rows, and the lines under the table
    after one empty row (a count in words, a signature block)."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    title: str = ""
    footer: Sequence[Sequence[object]] = ()


def _append_sheet(workbook: Workbook, sheet: Sheet, cell_value) -> None:
    rows = iter(sheet.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    worksheet = workbook.create_sheet(title=sheet_name(sheet.name) if sheet.name else None)
    for index, header in enumerate(sheet.headers):
        width = max([_display_width(header), *(_display_width(row[index]) for row in sample if index < len(row))])
        worksheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width, 4) + 2, WIDTH_MAX)
    worksheet.freeze_panes = "A3" if sheet.title else "A2"
    if sheet.title:
        heading = WriteOnlyCell(worksheet, value=cell_value(sheet.title))
        heading.font = Font(bold=True, size=13)
        worksheet.append([heading])
    header_cells = []
    for header in sheet.headers:
        cell = WriteOnlyCell(worksheet, value=neutralise(str(header)))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    worksheet.append(header_cells)
    for row in itertools.chain(sample, rows):
        worksheet.append([cell_value(cell) for cell in row])
    if sheet.footer:
        worksheet.append([])
        for row in sheet.footer:
            worksheet.append([cell_value(cell) for cell in row])


def render_workbook(sheets: Sequence[Sheet], *, masked: bool = True) -> bytes:
    """An XLSX of one or more sheets, each as ``render_table`` lays out one; an export's (masked) by default."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _append_sheet(workbook, sheet, _writer(masked))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    fmt: str,
    *,
    title: str = "",
    sheet: str = "",
    masked: bool = False,
) -> bytes:
    """XLSX (one sheet) or CSV (UTF-8 with a byte-order mark, which Excel needs to read Chinese).

    ``masked`` masks the numbers typed into text cells, as every export does (TableExport); a file that must keep
    what was typed (a roster to import) is written without it.

    The spreadsheet keeps numbers as numbers, sizes its columns to their contents, freezes the header row and,
    given a title, puts it above the header (a roster has none: its header is what an import reads first).
    """
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow([neutralise(h) for h in headers])
        cell_value = _writer(masked)
        writer.writerows([_csv_cell(cell_value(cell)) for cell in row] for row in rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if fmt != "xlsx":
        raise ValueError(f"unknown export format {fmt!r}")
    return render_workbook([Sheet(sheet, headers, rows, title)], masked=masked)


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write a table to a .xlsx or .csv file (the suffix decides), e.g. a roster template."""
    path = Path(path)
    path.write_bytes(render_table(headers, rows, path.suffix.lower().lstrip(".")))
    return path


class TableExport:
    """One export: its headers, its rows and its file name. Subclasses give ``headers`` and ``iter_rows``."""

    kind: ClassVar[str] = "export"
    headers: Sequence[str] = ()
    sheet: str = ""  # the sheet's name, in Chinese for the people who open it

    def heading(self) -> str:
        """A line above the header row (what, where, when); none by default."""
        return ""

    def __init__(self) -> None:
        self.rows_written = 0

    def iter_rows(self) -> Iterable[Sequence[object]]:
        raise NotImplementedError

    def file_stem(self) -> str:
        """The file name before the date, e.g. ``members-C0101``."""
        return self.kind

    def _counted(self) -> Iterable[Sequence[object]]:
        for row in self.iter_rows():
            self.rows_written += 1
            yield row

    def render(self, fmt: str) -> bytes:
        return render_table(
            [str(header) for header in self.headers],
            self._counted(),
            fmt,
            title=self.heading(),
            sheet=self.sheet,
            masked=True,
        )

    def filename(self, fmt: str) -> str:
        return f"{file_name_part(self.file_stem())}-{timezone.localdate():%Y%m%d}.{fmt}"

    def download(self, fmt: str) -> HttpResponse:
        """The rendered file as an attachment, under its dated file name."""
        response = HttpResponse(self.render(fmt), content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = content_disposition_header(True, self.filename(fmt))
        return response
