"""The exports of the evaluation process, one module per export; a campaign's download is audited here."""

from django.http import HttpRequest, HttpResponse

from orgs.models import AuditAction
from orgs.services.audit import audit_record
from starrating.exports import TableExport


def campaign_export_download(request: HttpRequest, export: TableExport, *, campaign, detail: dict) -> HttpResponse:
    """The export as an .xlsx attachment, its download audited against the campaign with its kind, rows and filters."""
    response = export.download("xlsx")
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type="campaign",
        object_id=campaign.pk,
        detail={"kind": export.kind, "format": "xlsx", "rows": export.rows_written, **detail},
        request=request,
    )
    return response
