"""The exports of the evaluation process, one module per export; a campaign's download is audited here."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

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


def evidence_file_response(evidence) -> FileResponse:
    """An evidence file (of an item, a star change, a rectification case) as an attachment under its own name and
    type, never sniffed by the browser; a file missing from storage is not found."""
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("No such item in your scope.")) from missing
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name)
    response["Content-Type"] = evidence.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
