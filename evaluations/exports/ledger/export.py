"""The ledger as an export: its columns, its summary and item rows, the workbook (.xlsx) with the reviewed count
and the signature block, and the audited download of the .xlsx or the printed PDF."""

from collections.abc import Iterator

from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.exports.ledger.pdf import ledger_pdf
from evaluations.exports.ledger.rows import LedgerRow, ledger_rows, methods_text
from evaluations.models import Campaign, CheckMethod
from orgs.models import AuditAction, Organization, User
from orgs.services.audit import audit_record
from starrating.exports import Sheet, TableExport, render_workbook

LEDGER_FORMATS = ("xlsx", "pdf")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class StreetLedgerExport(TableExport):
    """The ledger of one street in one campaign; ``iter_rows`` gives the cells, ``render`` the file."""

    kind = "ledger"
    sheet = "台账"

    def __init__(self, *, campaign: Campaign, street: Organization):
        super().__init__()
        self.campaign = campaign
        self.street = street
        self._rows: list[LedgerRow] | None = None

    @property
    def headers(self) -> tuple[str, ...]:
        return (
            _("Organization code"),
            _("Organization"),
            _("Self-assessed total"),
            _("Declared stars"),
            _("Review total"),
            _("Stars"),
            _("Veto items hit"),
            *(str(_("Checked: %(method)s")) % {"method": label} for label in CheckMethod.labels),
            _("Stage"),
            _("Fair or above share"),
        )

    @property
    def item_headers(self) -> tuple[str, ...]:
        return (
            _("Organization code"),
            _("Organization"),
            _("Dimension"),
            _("Item code"),
            _("Scored item"),
            _("Full points"),
            _("Self-assessed points"),
            _("Reviewed points"),
            _("How it was checked"),
        )

    def rows(self) -> list[LedgerRow]:
        """The ledger rows, gathered once in six queries whatever the number of organizations."""
        if self._rows is None:
            self._rows = ledger_rows(campaign=self.campaign, street=self.street)
        return self._rows

    def iter_rows(self) -> Iterator[list[object]]:
        for row in self.rows():
            yield [
                row.code,
                row.organization,
                row.self_total,
                row.declared_stars,
                row.review_total,
                row.stars,
                row.vetoes,
                *(row.checks.get(method, 0) for method in CheckMethod.values),
                row.stage,
                row.satisfaction_share,
            ]

    def iter_item_rows(self) -> Iterator[list[object]]:
        for row in self.rows():
            for item in row.items:
                yield [
                    row.code,
                    row.organization,
                    item.dimension,
                    item.code,
                    item.name,
                    item.points_max,
                    item.self_points,
                    item.review_points,
                    methods_text(item.methods),
                ]

    def reviewed_line(self) -> str:
        """How many organizations the street has reviewed, of how many in the ledger."""
        rows = self.rows()
        return _("%(count)d organization(s) in this ledger, %(reviewed)d reviewed by the street.") % {
            "count": len(rows),
            "reviewed": sum(row.reviewed for row in rows),
        }

    def signature_rows(self) -> list[list[str]]:
        """The signature block: who filled the ledger in, who reviewed it, the street committee's seal, the dates."""
        return [
            [_("Filled in by (signature):"), "", _("Reviewed by (signature):"), "", _("Street committee (seal):")],
            [_("Date:"), "", _("Date:"), "", _("Date:")],
        ]

    def heading(self) -> str:
        return _("Ledger of %(street)s: %(campaign)s") % {"street": self.street.name, "campaign": self.campaign.name}

    def render(self, fmt: str) -> bytes:
        """The workbook (the summary with the count and signatures, then the items), or the printed ledger."""
        if fmt == "pdf":
            return ledger_pdf(
                heading=self.heading(),
                headers=self.headers,
                item_headers=self.item_headers,
                rows=self.rows(),
                summary=self._counted(),
                reviewed_line=self.reviewed_line(),
                signature_rows=self.signature_rows(),
            )
        if fmt != "xlsx":
            return super().render(fmt)
        footer = [[self.reviewed_line()], *self.signature_rows()]
        summary = Sheet(self.sheet, [str(h) for h in self.headers], self._counted(), self.heading(), footer)
        items = Sheet(_("Items"), [str(h) for h in self.item_headers], self.iter_item_rows(), self.heading())
        return render_workbook([summary, items])

    def file_stem(self) -> str:
        return f"{_('Ledger')}-{self.street.name}-{self.campaign.name}"


def ledger_export(*, campaign: Campaign, street: Organization, fmt: str, by: User) -> tuple[str, str, bytes]:
    """Render the street's ledger for a user already checked to review the street; the export is audited."""
    export = StreetLedgerExport(campaign=campaign, street=street)
    content = export.render(fmt)
    with transaction.atomic():
        audit_record(
            action=AuditAction.EXPORT,
            actor=by,
            object_type="organization",
            object_id=street.pk,
            detail={"kind": export.kind, "format": fmt, "campaign": campaign.pk, "rows": export.rows_written},
        )
    return export.filename(fmt), CONTENT_TYPES[fmt], content
