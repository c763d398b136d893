"""The exports of the evaluation process, one module per export; every download is audited here."""

from django.http import HttpRequest, HttpResponse

from orgs.models import AuditAction
from orgs.services.audit import audit_record
from starrating.exports import TableExport


def export_download(
    request: HttpRequest, export: TableExport, *, object_type: str, object_id: object = "", detail: dict | None = None
) -> HttpResponse:
    """The export as an .xlsx attachment, its download audited with its kind, rows and filters."""
    response = export.download("xlsx")
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type=object_type,
        object_id=object_id,
        detail={"kind": export.kind, "format": "xlsx", "rows": export.rows_written, **(detail or {})},
        request=request,
    )
    return response


def campaign_export_download(request: HttpRequest, export: TableExport, *, campaign, detail: dict) -> HttpResponse:
    """The export audited against the campaign."""
    return export_download(request, export, object_type="campaign", object_id=campaign.pk, detail=detail)
