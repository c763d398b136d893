"""The download of a stored evidence file (佐证材料): sent as an attachment of the type checked at upload, never
sniffed by the browser, and recorded in the audit log, since evidence may carry personal data (a register, a list
of names)."""

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from orgs.models import AuditAction
from orgs.services.audit import audit_record


def evidence_file_response(
    request: HttpRequest, evidence, *, object_type: str, object_id: object, detail: dict
) -> FileResponse:
    """The file of ``evidence`` (a model with file, original_name and content_type), the download audited; a file
    missing from storage is 404, like an object out of scope."""
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("No such item in your scope.")) from missing
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        request=request,
    )
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name)
    response["Content-Type"] = evidence.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
