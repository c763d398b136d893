"""The street's ledger (台账) of a campaign: one row per evaluation, as .xlsx and as a PDF with Chinese text.

Yucheng 五星争创 (seed 000): the street keeps a ledger of its review. A row says what the organization
self-assessed and declared, what the review gave, the vetoes hit, how the items were checked, the stage it
is at and its satisfaction share. A fixed number of queries whatever the number of organizations.
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
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from evaluations.exports.pdf import cjk_font
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
from orgs.models import AuditAction, Organization, User
from orgs.services.audit import audit_record
from scoring.engine import InputError, dimension_points
from scoring.models import IndicatorTemplate
from starrating.exports import TableExport

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


class StreetLedgerExport(TableExport):
    """The ledger of one street in one campaign; ``iter_rows`` gives the cells, ``render`` the file."""

    kind = "ledger"
    sheet = "台账"

    def __init__(self, *, campaign: Campaign, street: Organization):
        super().__init__()
        self.campaign = campaign
        self.street = street

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

    def rows(self) -> list[LedgerRow]:
        """The ledger rows, gathered in six queries whatever the number of organizations."""
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
        for evaluation_id, methods in ReviewCheck.objects.filter(evaluation_id__in=ids).values_list(
            "evaluation_id", "methods"
        ):
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

        def total(evaluation: Evaluation, stage: str) -> Decimal | None:
            stage_scores = scores.get((evaluation.pk, stage))
            if not stage_scores:
                return None
            template = template_with_personalised(
                templates[evaluation.template_id], personalised.get(evaluation.organization_id, [])
            )
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
                    satisfaction_share=_percent(satisfaction.get("fair_or_above_share")),
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

    def heading(self) -> str:
        return _("Ledger of %(street)s: %(campaign)s") % {"street": self.street.name, "campaign": self.campaign.name}

    def render(self, fmt: str) -> bytes:
        """The spreadsheet of the base, or the printed ledger as PDF."""
        return self._pdf() if fmt == "pdf" else super().render(fmt)

    def _pdf(self) -> bytes:
        """A4 landscape, the Chinese font embedded; long names wrap inside their cell."""
        font = cjk_font()
        cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
        heading = ParagraphStyle("heading", fontName=font, fontSize=14, leading=18)
        small = ParagraphStyle("small", fontName=font, fontSize=8, leading=10)
        data = [[Paragraph(str(header), cell) for header in self.headers]]
        data += [[Paragraph(_text(value), cell) for value in row] for row in self._counted()]
        widths = [22, 50, 18, 16, 18, 12, 48, 15, 15, 15, 22, 18]
        table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
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
        printed = _("Printed %(date)s · %(count)d organization(s)") % {
            "date": timezone.localdate().isoformat(),
            "count": len(data) - 1,
        }
        document.build([Paragraph(self.heading(), heading), Paragraph(printed, small), Spacer(1, 4 * mm), table])
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
