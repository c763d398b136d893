"""Evidence files (佐证材料) of the items of an evaluation, and handing in the self-assessment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluations.exports import evidence_file_response
from evaluations.forms.common import cleaned
from evaluations.forms.evidence import EvidenceUploadForm
from evaluations.forms.scores import stage_from_request
from evaluations.models import Stage
from evaluations.permissions import STAGE_CAPABILITY, get_evaluation_for_user, get_evidence_for_user
from evaluations.services.evidence import evidence_add
from evaluations.services.scores.sheet import evaluation_submit
from orgs.models import AuditAction
from orgs.permissions import Capability
from orgs.services.audit import audit_record


def _scores_url(evaluation_pk: int, stage: str, code: str = "") -> str:
    url = f"{reverse('evaluations:evaluation_scores', kwargs={'pk': evaluation_pk})}?stage={stage}"
    return f"{url}#row-{code}" if code else url


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """One file for one item, for the stage the user may enter; the error names the item.

    The score sheet uploads with ``Accept: application/json`` and gets the file or the error back as JSON, so
    that nothing typed on the sheet is lost; without JavaScript the upload reloads the sheet.
    """
    stage = stage_from_request(request)
    evaluation = get_evaluation_for_user(request.user, pk, STAGE_CAPABILITY[stage])
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = EvidenceUploadForm(request.POST, request.FILES)
    try:
        data = cleaned(form)
        evidence = evidence_add(
            evaluation=evaluation, stage=stage, code=data["code"], upload=data["upload"], by=request.user
        )
    except ValidationError as error:
        message = " ".join(error.messages)
        if wants_json:
            return JsonResponse({"code": form.cleaned_data.get("code", ""), "error": message}, status=400)
        messages.error(request, message)
    else:
        message = _("%(code)s: %(name)s uploaded.") % {"code": data["code"], "name": evidence.original_name}
        if wants_json:
            url = reverse("evaluations:evidence_download", kwargs={"pk": evidence.pk})
            return JsonResponse(
                {"code": data["code"], "message": message, "file": {"name": evidence.original_name, "url": url}}
            )
        messages.success(request, message)
    code = form.cleaned_data.get("code", "")
    return redirect(_scores_url(evaluation.pk, stage, code))


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, only to users who see its evaluation (out of scope is 404, like the evaluation)."""
    evidence = get_evidence_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
    response = evidence_file_response(evidence)
    # Evidence may carry personal data (a register, a list of names): every download is in the audit log.
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type="evaluation",
        object_id=evidence.evaluation_id,
        detail={"kind": "evidence", "evidence": evidence.pk, "item": evidence.item.code if evidence.item_id else ""},
        request=request,
    )
    return response


@login_required
@require_POST
def evaluation_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand in the self-assessment; afterwards its page is read-only."""
    evaluation = get_evaluation_for_user(request.user, pk, Capability.ENTER_SELF_ASSESSMENT)
    try:
        evaluation_submit(evaluation=evaluation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_scores_url(evaluation.pk, Stage.SELF_ASSESSMENT))
    messages.success(request, _("The self-assessment was submitted to the street for review."))
    return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
