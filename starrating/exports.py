"""The shared export base of every app: one class per export with its headers and iter_rows(); TableExport
renders it as XLSX or CSV, counts its rows and names its file.

Every cell that a spreadsheet would run as a formula (a leading = + - @, tab or carriage return) gets a single
quote in front. The exports themselves live with their app (orgs/exports.py, evaluations/exports/); each is
scoped to what its user sees and shows ID-card and phone numbers masked only.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import ClassVar

from django.utils import timezone
from openpyxl import Workbook

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


def _csv_cell(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def render_table(headers: Sequence[str], rows: Iterable[Sequence[object]], fmt: str) -> bytes:
    """XLSX (one sheet) or CSV (UTF-8 with a byte-order mark, which Excel needs to read Chinese)."""
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow([neutralise(h) for h in headers])
        writer.writerows([_csv_cell(neutralise(cell)) for cell in row] for row in rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if fmt != "xlsx":
        raise ValueError(f"unknown export format {fmt!r}")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([neutralise(h) for h in headers])
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write a table to a .xlsx or .csv file (the suffix decides), e.g. a roster template."""
    path = Path(path)
    path.write_bytes(render_table(headers, rows, path.suffix.lower().lstrip(".")))
    return path


class TableExport:
    """One export: its headers, its rows and its file name. Subclasses give ``headers`` and ``iter_rows``."""

    kind: ClassVar[str] = "export"
    headers: Sequence[str] = ()

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
        return render_table([str(header) for header in self.headers], self._counted(), fmt)

    def filename(self, fmt: str) -> str:
        return f"{self.file_stem()}-{timezone.localdate():%Y%m%d}.{fmt}"
