"""Blank roster workbooks, one per roster kind, whose header row is exactly what the import reads.

The first sheet is the one imported: the header row, frozen, with text format on the columns that Excel
would otherwise turn into numbers (an 18-digit ID-card number loses its last digits as a number). A
second sheet explains each column: required or not, and the other headers the import also accepts.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from orgs.models import RosterKind
from orgs.services.rosters.jobs import IMPORTERS
from starrating.exports import sheet_name

# Fields typed as text: codes keep their leading zeros, ID-card and phone numbers all their digits.
TEXT_FIELDS = frozenset({"id_card", "phone", "code", "parent_code", "branch", "organization", "in_service_community"})
DATE_FIELDS = frozenset({"birth_date", "joined_on", "regularized_on", "started_on", "ended_on"})


def roster_template_headers(kind: str) -> list[str]:
    """The headers of a roster kind, in the order the template shows them."""
    return [column.header for column in IMPORTERS[kind].columns]


def roster_template(*, kind: str) -> tuple[str, bytes]:
    """The blank .xlsx of one roster kind and its file name (名册模板, in Chinese)."""
    columns = IMPORTERS[kind].columns
    label = str(RosterKind(kind).label)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(label)
    sheet.append([column.header for column in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True, color="C00000" if column.required else None)
        dimension = sheet.column_dimensions[letter]
        dimension.width = 22 if column.field in TEXT_FIELDS else 16
        if column.field in TEXT_FIELDS:
            dimension.number_format = "@"
        elif column.field in DATE_FIELDS:
            dimension.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(sheet_name(_("How to fill in")))
    notes.append([_("Column"), _("Required"), _("Also accepted as header")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in columns:
        notes.append([column.header, _("Yes") if column.required else _("No"), "、".join(column.aliases)])
    notes.append([])
    notes.append(
        [_("Red headers are required. Dates like 2001-07-01; one row per record; only the first sheet is read.")]
    )
    for letter, width in (("A", 20), ("B", 10), ("C", 60)):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _("%(roster)s template.xlsx") % {"roster": label}, buffer.getvalue()
