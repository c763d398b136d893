"""The street's ledger (台账) of a campaign, as .xlsx and as a PDF with Chinese text.

Yucheng 五星争创 (seed 000): the street keeps a ledger of its review, item by item, and signs it. A summary row
per organization says what it self-assessed and declared, what the review gave, the vetoes hit, how the items
were checked, the stage it is at and its satisfaction share; then every organization's items with their
self-assessed and reviewed points and how each was checked; then how many organizations were reviewed and a
signature block. A fixed number of queries whatever the number of organizations.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from evaluations.exports.pdf import cjk_font, text_paragraph
from evaluations.models import (
    Campaign,
    CheckMethod,
    Evaluation,
    EvaluationStatus,
    PersonalizedItem,
    ReviewCheck,
    Score,
    Stage,
    VetoHit,
)
from evaluations.rules.tree import template_with_personalised
from evaluations.selectors.votes import few_ballots_note
from orgs.models import AuditAction, Organization, User
from orgs.services.audit import audit_record
from scoring.engine import InputError, dimension_points
from scoring.models import IndicatorTemplate
from starrating.exports import Sheet, TableExport, render_workbook

LEDGER_FORMATS = ("xlsx", "pdf")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _text(value: object) -> str:
    """A cell as the printed ledger shows it: points without trailing zeros, nothing for no value."""
    if value is None:
        return ""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def _percent(share: object) -> str:
    if share in (None, ""):
        return ""
    return f"{(Decimal(str(share)) * 100).quantize(Decimal('0.1')).normalize():f}%"


@dataclass(frozen=True)
class LedgerItem:
    """One scored item of one organization: its points in the self-assessment and in the review, and how the
    street checked it."""

    dimension: str
    code: str
    name: str
    points_max: Decimal
    self_points: Decimal | None
    review_points: Decimal | None
    methods: tuple[str, ...]  # CheckMethod values


@dataclass(frozen=True)
class LedgerRow:
    code: str
    organization: str
    self_total: Decimal | None
    declared_stars: int | None
    review_total: Decimal | None
    stars: int | None
    vetoes: str
    checks: dict[str, int]
    stage: str
    satisfaction_share: str
    items: tuple[LedgerItem, ...] = ()

    @property
    def reviewed(self) -> bool:
        """The street has given review points (at the review or since: they stay when the organization moves on)."""
        return any(item.review_points is not None for item in self.items)


def _methods_text(methods: tuple[str, ...]) -> str:
    labels = dict(CheckMethod.choices)
    return "、".join(str(labels[method]) for method in methods if method in labels)


class _PdfStyles:
    def __init__(self, font: str):
        self.cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
        self.heading = ParagraphStyle("heading", fontName=font, fontSize=14, leading=18)
        self.subheading = ParagraphStyle("subheading", fontName=font, fontSize=11, leading=14, spaceAfter=2 * mm)
        self.body = ParagraphStyle("body", fontName=font, fontSize=10, leading=13)
        self.small = ParagraphStyle("small", fontName=font, fontSize=8, leading=10)


def _code_width(codes: list[str], font: str, header: str) -> float:
    """A column as wide as its longest code and its header, so that neither is broken over two lines."""
    return max(stringWidth(text, font, 8) for text in [*codes, header]) + 14  # and the cell padding


def _grid(data: list[list], widths: list[float], font: str) -> Table:
    """A ledger table: a grid, the header row shaded and repeated on every page; plain strings in the font."""
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


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
            self._rows = self._gather()
        return self._rows

    def _gather(self) -> list[LedgerRow]:
        evaluations = list(
            Evaluation.objects.filter(campaign=self.campaign, organization__path__startswith=self.street.path)
            .select_related("organization", "stage", "result")
            .order_by("organization__path")
        )
        ids = [evaluation.pk for evaluation in evaluations]
        scores: dict[tuple[int, str], dict[str, Decimal]] = {}
        for evaluation_id, stage, code, points in Score.objects.filter(evaluation_id__in=ids).values_list(
            "evaluation_id", "stage", Coalesce(F("item__code"), F("personalized_item__code")), "points"
        ):
            scores.setdefault((evaluation_id, stage), {})[code] = points
        vetoes: dict[tuple[int, str], list[str]] = {}
        for evaluation_id, stage, code, name in (
            VetoHit.objects.filter(evaluation_id__in=ids)
            .order_by("veto_item__order")
            .values_list("evaluation_id", "stage", "veto_item__code", "veto_item__name")
        ):
            vetoes.setdefault((evaluation_id, stage), []).append(f"{code} {name}")
        checks: dict[int, dict[str, int]] = {}
        methods_of: dict[tuple[int, str], tuple[str, ...]] = {}
        for evaluation_id, code, methods in ReviewCheck.objects.filter(evaluation_id__in=ids).values_list(
            "evaluation_id", "code", "methods"
        ):
            methods_of[evaluation_id, code] = tuple(methods)
            counted = checks.setdefault(evaluation_id, {})
            for method in methods:
                counted[method] = counted.get(method, 0) + 1
        personalised: dict[int, list] = {}
        for item in PersonalizedItem.objects.filter(
            campaign=self.campaign, organization__path__startswith=self.street.path
        ).order_by("order", "pk"):
            personalised.setdefault(item.organization_id, []).append(item)
        templates = {
            template.pk: template.as_definition()
            for template in IndicatorTemplate.objects.filter(pk__in={e.template_id for e in evaluations})
        }

        def scored(evaluation: Evaluation):
            return template_with_personalised(
                templates[evaluation.template_id], personalised.get(evaluation.organization_id, [])
            )

        def items(evaluation: Evaluation) -> tuple[LedgerItem, ...]:
            own = scores.get((evaluation.pk, Stage.SELF_ASSESSMENT), {})
            review = scores.get((evaluation.pk, Stage.REVIEW), {})
            return tuple(
                LedgerItem(
                    dimension=dimension.name,
                    code=leaf.code,
                    name=leaf.name,
                    points_max=leaf.points_max,
                    self_points=own.get(leaf.code),
                    review_points=review.get(leaf.code),
                    methods=methods_of.get((evaluation.pk, leaf.code), ()),
                )
                for dimension in scored(evaluation).dimensions
                for leaf in dimension.leaves()
            )

        def total(evaluation: Evaluation, stage: str) -> Decimal | None:
            stage_scores = scores.get((evaluation.pk, stage))
            if not stage_scores:
                return None
            template = scored(evaluation)
            try:
                return sum((d.points for d in dimension_points(template, stage_scores)), Decimal(0))
            except InputError:
                return None

        rows = []
        for evaluation in evaluations:
            result = getattr(evaluation, "result", None)
            stars = evaluation.approved_stars if evaluation.status == EvaluationStatus.APPROVED else None
            if stars is None and result is not None:
                stars = result.stars
            satisfaction = ((result.explanation.get("result") or {}).get("satisfaction") or {}) if result else {}
            hit = vetoes.get((evaluation.pk, Stage.REVIEW)) or vetoes.get((evaluation.pk, Stage.SELF_ASSESSMENT), [])
            rows.append(
                LedgerRow(
                    code=evaluation.organization.code,
                    organization=evaluation.organization.name,
                    self_total=total(evaluation, Stage.SELF_ASSESSMENT),
                    declared_stars=evaluation.declared_stars,
                    review_total=total(evaluation, Stage.REVIEW),
                    stars=stars,
                    vetoes="、".join(hit),
                    checks=checks.get(evaluation.pk, {}),
                    stage=str(evaluation.stage.get_kind_display()) if evaluation.stage else "",
                    satisfaction_share=" ".join(
                        part
                        for part in (
                            _percent(satisfaction.get("fair_or_above_share")),
                            few_ballots_note(satisfaction.get("total")),
                        )
                        if part
                    ),
                    items=items(evaluation),
                )
            )
        return rows

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
                    _methods_text(item.methods),
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
            return self._pdf()
        if fmt != "xlsx":
            return super().render(fmt)
        footer = [[self.reviewed_line()], *self.signature_rows()]
        summary = Sheet(self.sheet, [str(h) for h in self.headers], self._counted(), self.heading(), footer)
        items = Sheet(_("Items"), [str(h) for h in self.item_headers], self.iter_item_rows(), self.heading())
        return render_workbook([summary, items])

    def _pdf(self) -> bytes:
        """A4 landscape, the Chinese font embedded: the summary, each organization's items, the reviewed count and
        the signature block. Long names wrap inside their cell; codes never do (their column fits the longest)."""
        font = cjk_font()
        styles = _PdfStyles(font)
        rows = self.rows()
        summary = [[text_paragraph(str(header), styles.cell) for header in self.headers]]
        for values in self._counted():
            summary.append([str(values[0]), *(text_paragraph(_text(value), styles.cell) for value in values[1:])])
        code_width = _code_width([row.code for row in rows], font, str(self.headers[0]))
        widths = [code_width, 50 * mm, 18 * mm, 16 * mm, 18 * mm, 12 * mm, 48 * mm, 15 * mm, 15 * mm, 15 * mm]
        widths += [22 * mm, 18 * mm]
        story = [
            text_paragraph(self.heading(), styles.heading),
            text_paragraph(
                _("Printed %(date)s · %(count)d organization(s)")
                % {"date": timezone.localdate().isoformat(), "count": len(rows)},
                styles.small,
            ),
            Spacer(1, 4 * mm),
            _grid(summary, widths, font),
        ]
        item_headers = [text_paragraph(str(header), styles.cell) for header in self.item_headers[2:]]
        for row in rows:
            if not row.items:
                continue
            codes = _code_width([item.code for item in row.items], font, str(self.item_headers[3]))
            data = [item_headers] + [
                [
                    text_paragraph(item.dimension, styles.cell),
                    item.code,
                    text_paragraph(item.name, styles.cell),
                    _text(item.points_max),
                    _text(item.self_points),
                    _text(item.review_points),
                    text_paragraph(_methods_text(item.methods), styles.cell),
                ]
                for item in row.items
            ]
            story += [
                Spacer(1, 6 * mm),
                text_paragraph(f"{row.code}　{row.organization}", styles.subheading),
                _grid(data, [40 * mm, codes, 90 * mm, 18 * mm, 22 * mm, 22 * mm, 50 * mm], font),
            ]
        signatures = Table(
            [[cell for cell in line if cell] for line in self.signature_rows()],
            colWidths=[90 * mm, 90 * mm, 90 * mm],
            rowHeights=[14 * mm, 10 * mm],
        )
        signatures.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 10), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
        story.append(
            KeepTogether(
                [Spacer(1, 8 * mm), text_paragraph(self.reviewed_line(), styles.body), Spacer(1, 4 * mm), signatures]
            )
        )
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=landscape(A4),
            leftMargin=10 * mm,
            rightMargin=10 * mm,
            topMargin=12 * mm,
            bottomMargin=12 * mm,
            title=self.heading(),
        )
        document.build(story)
        return buffer.getvalue()

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
