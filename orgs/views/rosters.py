"""Roster import (upload → preview → confirm, with progress) and export, in the browser.

Import needs the import capability (district administrators); a job is seen only by the account
that uploaded it (and superusers). Export needs the export capability, on the organization when one
is given (another street's organization is 404). Both are audited by the services they call.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from orgs.exports import EXPORTS
from orgs.exports import roster_export as render_export
from orgs.models import ImportJob, ImportStatus, RosterKind, User
from orgs.permissions import Capability, get_organization_for_user, require_capability
from orgs.services.rosters import RosterFileError, check_upload, roster_job_create, roster_job_preview, roster_job_run
from orgs.tasks import roster_import_run
from starrating.exports import CONTENT_TYPES

RECENT_JOBS = 10


class RosterUploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Roster kind"), choices=RosterKind.choices)
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(name=upload.name, size=upload.size)
        except RosterFileError as problem:
            raise ValidationError(str(problem)) from None
        return upload


def import_job_for_user(user: User, pk: int) -> ImportJob:
    """A job of the user's own (any job for a superuser); someone else's is 404."""
    require_capability(user, Capability.IMPORT_ROSTER)
    jobs = ImportJob.objects.all() if user.is_superuser else ImportJob.objects.filter(created_by=user)
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404(_("No such item in your scope."))
    return job


def upload_and_preview(request: HttpRequest, form: RosterUploadForm) -> ImportJob:
    """Store the upload as a job and check it without writing (the preview)."""
    upload = form.cleaned_data["file"]
    job = roster_job_create(kind=form.cleaned_data["kind"], upload=upload, name=upload.name, by=request.user)
    roster_job_preview(job=job, request=request)
    return job


def confirm_import(request: HttpRequest, job: ImportJob) -> None:
    """Run a clean preview: small files at once, large ones as a Celery task after the commit."""
    if not job_context(job)["can_confirm"]:
        messages.error(request, _("This import cannot be confirmed: it has problems, or it already ran."))
        return
    if job.total_rows > settings.ROSTER_ASYNC_ROWS:
        job.summary = {**job.summary, "queued": True}
        job.save(update_fields=["summary"])
        transaction.on_commit(lambda: roster_import_run.delay(job.pk))
        messages.info(request, _("The import runs in the background; this page shows its progress."))
        return
    job = roster_job_run(job_id=job.pk, request=request) or job
    if job.status == ImportStatus.SUCCEEDED:
        messages.success(request, _("The roster was imported."))
    else:
        messages.error(request, _("The import found problems; nothing was written."))


def job_context(job: ImportJob) -> dict:
    summary = job.summary or {}
    finished = job.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)
    queued = job.status == ImportStatus.PENDING and summary.get("queued", False)
    return {
        "job": job,
        "summary": summary,
        "finished": finished,
        "show_progress": job.status == ImportStatus.RUNNING or queued,
        "can_confirm": job.status == ImportStatus.PENDING and not job.errors and bool(summary) and not queued,
        "sample_rows": summary.get("sample", []),
    }


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.IMPORT_ROSTER)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = upload_and_preview(request, form)
        return redirect("roster_import_detail", pk=job.pk)
    jobs = ImportJob.objects.all() if request.user.is_superuser else ImportJob.objects.filter(created_by=request.user)
    return render(request, "orgs/rosters/import.html", {"form": form, "recent": jobs[:RECENT_JOBS]})


@login_required
@require_http_methods(["GET", "POST"])
def roster_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_for_user(request.user, pk)
    if request.method == "POST":
        confirm_import(request, job)
        return redirect("roster_import_detail", pk=job.pk)
    return render(request, "orgs/rosters/detail.html", job_context(job))


@login_required
@require_GET
def roster_import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_for_user(request.user, pk)
    finished = job.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "status": job.status,
                "total_rows": job.total_rows,
                "processed_rows": job.processed_rows,
                "percent": job.percent,
                "finished": finished,
            }
        )
    response = render(request, "orgs/rosters/_progress.html", job_context(job))
    if finished and request.htmx:
        response["HX-Redirect"] = reverse("roster_import_detail", kwargs={"pk": job.pk})
    return response


@login_required
@require_GET
def roster_export(request: HttpRequest) -> HttpResponse:
    kind, fmt, org = request.GET.get("kind", ""), request.GET.get("format", "xlsx"), request.GET.get("org", "")
    organization = None
    if org:
        if not org.isdigit():
            raise Http404(_("No such item in your scope."))
        organization = get_organization_for_user(request.user, int(org), Capability.EXPORT_ROSTER)
    else:
        require_capability(request.user, Capability.EXPORT_ROSTER)
    if kind not in EXPORTS or fmt not in CONTENT_TYPES:
        return HttpResponseBadRequest(_("Choose a roster (orgs, members, secretaries) and a format (xlsx, csv)."))
    filename, content = render_export(kind=kind, fmt=fmt, user=request.user, organization=organization, request=request)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
