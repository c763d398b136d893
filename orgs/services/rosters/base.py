"""The flow every roster import shares: find the header, read and check each row, check the rows
against each other and the database, then write everything in one transaction or nothing at all.

One pass finds every problem of a file, however they combine: a header problem does not stop the
cells from being read, a bad cell does not keep its row out of the duplicate, organization and
database checks. Each problem has a kind (ProblemKind); the result counts every problem per kind and
lists the first ROSTER_MAX_LISTED_PROBLEMS of them (a setting, 1,000 by default) in row order.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model, QuerySet, TextChoices
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.models import AuditAction, AuditOutcome, Organization, User
from orgs.services.audit import audit_record
from orgs.services.rosters.cells import CellError, Column, HeaderMap, cell_text, map_headers
from orgs.services.rosters.files import HEADER_SEARCH_ROWS, RosterFileError, open_table

PROGRESS_EVERY = 2000
SAMPLE_ROWS = 10
BATCH_SIZE = 2000

Progress = Callable[[int], None]


class ProblemKind(TextChoices):
    """What a roster problem is about; the import counts its problems per kind."""

    FILE = "file", gettext_lazy("The file")
    HEADER = "header", gettext_lazy("Header")
    CELL = "cell", gettext_lazy("Cell value")
    DUPLICATE = "duplicate", gettext_lazy("Repeated within the file")
    UNKNOWN_ORGANIZATION = "unknown_organization", gettext_lazy("Unknown organization")
    CONFLICT = "conflict", gettext_lazy("Conflict with the system's data")
    SCOPE = "scope", gettext_lazy("Outside your scope")


@dataclass(frozen=True)
class RowError:
    """One problem: the spreadsheet row (header = row 1; None for the file), the column header, a reason."""

    row: int | None
    column: str
    reason: str
    kind: str = ProblemKind.CELL

    @property
    def message(self) -> str:
        if self.row is None:
            return _("File: %(reason)s") % {"reason": self.reason}
        if not self.column:
            return _("Row %(row)d: %(reason)s") % {"row": self.row, "reason": self.reason}
        return _("Row %(row)d, column “%(column)s”: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }

    def as_dict(self) -> dict:
        return {**asdict(self), "message": self.message}


@dataclass
class ImportResult:
    """What an import found (a dry run) or did: counts, columns, a masked sample, or the row errors."""

    kind: str
    dry_run: bool
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    columns_used: list[str] = field(default_factory=list)
    columns_ignored: list[str] = field(default_factory=list)
    sample_headers: list[str] = field(default_factory=list)
    sample: list[list[str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Every problem counted per kind, though only the first ROSTER_MAX_LISTED_PROBLEMS are listed.
    problem_counts: dict[str, int] = field(default_factory=dict)
    problems_total: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def set_problems(self, problems: list[RowError]) -> None:
        """Keep the complete counts per kind and the first problems in row order (the file's own first)."""
        counts = Counter(problem.kind for problem in problems)
        self.problem_counts = {kind: counts[kind] for kind in ProblemKind.values if counts[kind]}
        self.problems_total = len(problems)
        ordered = sorted(problems, key=lambda e: -1 if e.row is None else e.row)
        self.errors = ordered[: settings.ROSTER_MAX_LISTED_PROBLEMS]

    def summary(self) -> dict:
        data = asdict(self)
        data.pop("errors")
        return data


def fetch_in(queryset: QuerySet, field_name: str, values: Iterable, *, values_list: tuple[str, ...] = ()) -> Iterator:
    """The rows whose field is one of many values, a batch of values per query (SQLite caps parameters)."""
    listed = sorted(set(values))
    for start in range(0, len(listed), BATCH_SIZE):
        batch = queryset.filter(**{f"{field_name}__in": listed[start : start + BATCH_SIZE]})
        yield from (batch.values_list(*values_list) if values_list else batch)


def bulk_insert(model: type[Model], objects: list[Model]) -> None:
    """Insert many new rows. On PostgreSQL through COPY (26,000 members in well under a second, where
    INSERT … VALUES took close to three); elsewhere bulk_create. No signals are sent either way."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)
        return
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(quote(f.column) for f in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for instance in objects:
            copy.write_row([getattr(instance, f.attname) for f in fields])


def bulk_update_rows(model: type[Model], rows: list[dict], fields: list[str]) -> None:
    """Set the same fields on many rows by primary key (each row: {"pk": …, field: value}).

    On PostgreSQL one UPDATE … FROM unnest(arrays) per batch: Django's bulk_update writes a CASE per
    field and row and took 20 s for 26,000 members. Elsewhere (SQLite) bulk_update is fine.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        objects = [model(pk=row["pk"], **{f: row[f] for f in fields}) for row in rows]
        model._default_manager.bulk_update(objects, fields, batch_size=BATCH_SIZE)
        return
    quote = connection.ops.quote_name
    pk = model._meta.pk
    columns = [model._meta.get_field(f) for f in fields]
    names = ", ".join(quote(c.column) for c in (pk, *columns))
    arrays = ", ".join(
        f"%s::{c.rel_db_type(connection) if c is pk else c.db_type(connection)}[]" for c in (pk, *columns)
    )
    assignments = ", ".join(f"{quote(c.column)} = v.{quote(c.column)}" for c in columns)
    # Only quoted names from the model's metadata are formatted in; every value is a parameter.
    table, key = quote(model._meta.db_table), quote(pk.column)
    sql = f"UPDATE {table} AS t SET {assignments} FROM unnest({arrays}) AS v({names}) WHERE t.{key} = v.{key}"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            params = [[row["pk"] for row in batch]]
            params += [
                [c.get_db_prep_save(row[f], connection) for row in batch] for f, c in zip(fields, columns, strict=True)
            ]
            cursor.execute(sql, params)


class RowReader:
    """One data row seen through the header map; problems are collected, not raised."""

    __slots__ = ("errors", "headers", "index", "number", "values")

    def __init__(self, number: int, values: tuple, header_map: HeaderMap, headers: dict[str, str], errors: list):
        self.number = number
        self.values = values
        self.index = header_map.index
        self.headers = headers
        self.errors = errors

    def has(self, field_name: str) -> bool:
        return field_name in self.index

    def raw(self, field_name: str) -> Any:
        position = self.index.get(field_name)
        if position is None or position >= len(self.values):
            return None
        return self.values[position]

    def text(self, field_name: str) -> str:
        return cell_text(self.raw(field_name))

    def error(self, field_name: str, reason: str) -> None:
        self.errors.append(RowError(self.number, self.headers.get(field_name, ""), reason))

    def parse(self, field_name: str, parser: Callable[[Any], Any], *, required: bool = False) -> Any:
        """Parse one cell; an empty cell is None (or an error when required), a bad one an error.

        A column the header lacks is None without a row error: the header problem names it once.
        """
        if field_name not in self.index:
            return None
        if self.text(field_name) == "":
            if required:
                self.error(field_name, _("This cell is required and is empty."))
            return None
        try:
            return parser(self.raw(field_name))
        except CellError as problem:
            self.error(field_name, str(problem))
            return None


class RosterImporter:
    """A roster kind: its columns, how one row becomes a record, and how the records are written."""

    kind: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    # Headers the party-member information systems export that we deliberately do not keep.
    minimised: ClassVar[frozenset[str]] = frozenset()
    sample_columns: ClassVar[tuple[str, ...]]

    def __init__(
        self, *, allowed_paths: list[str] | None = None, by: User | None = None, request: HttpRequest | None = None
    ):
        self.allowed_paths = allowed_paths
        self.by = by
        self.request = request
        self.headers: dict[str, str] = {}
        self.errors: list[RowError] = []
        self.records: list = []
        self.created = self.updated = self.unchanged = 0

    # Hooks for each kind.
    def read_row(self, row: RowReader) -> Any | None:
        raise NotImplementedError

    def resolve(self) -> None:
        """Check the records against each other and the database; count creates, updates, unchanged."""
        raise NotImplementedError

    def write(self) -> None:
        raise NotImplementedError

    def sample_row(self, record: Any) -> list[str]:
        raise NotImplementedError

    # Shared helpers.
    def in_scope(self, organization: Organization) -> bool:
        return self.in_scope_path(organization.path)

    def in_scope_path(self, path: str) -> bool:
        if self.allowed_paths is None:
            return True
        return any(path.startswith(allowed) for allowed in self.allowed_paths)

    def has_column(self, field_name: str) -> bool:
        return field_name in self.headers

    def header_of(self, field_name: str) -> str:
        return self.headers.get(field_name) or next(c.header for c in self.columns if c.field == field_name)

    def row_error(self, row: int, field_name: str, reason: str, kind: str = ProblemKind.CELL) -> None:
        self.errors.append(RowError(row, self.header_of(field_name), reason, kind))

    # The flow.
    def _find_header(self, rows: Iterator[tuple[int, tuple]]) -> tuple[int, HeaderMap, bool]:
        """The header row, and whether it was found; else the first row, whose columns are then reported."""
        first: tuple[int, HeaderMap] | None = None
        for number, values in rows:
            header_map = map_headers(values, self.columns)
            if first is None:
                first = (number, header_map)
            if header_map.recognised() >= 2:
                return number, header_map, True
            if number >= HEADER_SEARCH_ROWS:
                break
        if first is None:
            raise RosterFileError(_("The file has no rows."))
        return *first, False

    def _check_header(self, number: int, header_map: HeaderMap) -> None:
        for column in header_map.missing:
            missing = _("This required column is missing.")
            self.errors.append(RowError(number, column.header, missing, ProblemKind.HEADER))
        for _position, header in header_map.duplicated:
            self.errors.append(RowError(number, header, _("This column appears twice."), ProblemKind.HEADER))

    def _read(self, path: Path, name: str, result: ImportResult, progress: Progress | None) -> None:
        with open_table(path, name) as table:
            number, header_map, found = self._find_header(table.rows)
            self.headers = {f: header_map.used[i] for i, f in enumerate(header_map.index)}
            result.columns_used = header_map.used
            result.columns_ignored = header_map.ignored
            self._check_header(number, header_map)
            if not found:  # without a header row, no cell can be told from another
                return
            for number, values in table.rows:
                if not any(cell_text(value) for value in values):
                    continue
                result.total_rows += 1
                record = self.read_row(RowReader(number, values, header_map, self.headers, self.errors))
                if record is not None:
                    self.records.append(record)
                if progress and result.total_rows % PROGRESS_EVERY == 0:
                    progress(result.total_rows)
        if not result.total_rows:
            self.errors.append(RowError(None, "", _("The file has a header but no data rows."), ProblemKind.FILE))

    def run(
        self, path: Path, name: str, *, dry_run: bool, progress: Progress | None = None, job_id: object = ""
    ) -> ImportResult:
        """Read and check everything in one pass; unless a dry run or anything is wrong, write it all at once."""
        result = ImportResult(kind=self.kind, dry_run=dry_run)
        try:
            self._read(path, name, result, progress)
        except RosterFileError as problem:
            self.errors = [RowError(None, "", str(problem), ProblemKind.FILE)]
            self.records = []
        if self.records:
            self.resolve()
        result.set_problems(self.errors)
        if result.ok:
            result.created, result.updated, result.unchanged = self.created, self.updated, self.unchanged
            result.sample_headers = [self.header_of(f) for f in self.sample_columns]
            result.sample = [self.sample_row(record) for record in self.records[:SAMPLE_ROWS]]
        if not dry_run:
            with transaction.atomic():
                if result.ok and (self.created or self.updated):
                    self.write()
                self._audit(result, name, job_id)
        if progress:
            progress(result.total_rows)
        return result

    def _audit(self, result: ImportResult, name: str, job_id: object) -> None:
        audit_record(
            action=AuditAction.IMPORT,
            outcome=AuditOutcome.SUCCESS if result.ok else AuditOutcome.FAILURE,
            actor=self.by,
            object_type="roster_import",
            object_id=job_id,
            detail={
                "kind": self.kind,
                "file": name,
                "rows": result.total_rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "errors": result.problems_total,
                **({"problem_counts": result.problem_counts} if result.problem_counts else {}),
            },
            request=self.request,
        )
