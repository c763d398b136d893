"""Roster import (upload → preview → confirm, with progress) and export, in the browser.

Import needs the import capability (district administrators); a job is seen only by the account
that uploaded it (and superusers). Export needs the export capability, on the organization when one
is given (another street's organization is 404). Both are audited by the services they call.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from orgs.exports import EXPORTS
from orgs.exports import roster_export as render_export
from orgs.forms import RosterUploadForm
from orgs.models import ImportJob
from orgs.permissions import Capability, get_organization_for_user, require_capability
from orgs.roster_pages import confirm_import, import_job_for_user, job_context, upload_and_preview
from orgs.services.rosters import IMPORTERS
from orgs.services.rosters.blank import roster_template
from starrating.db_router import reads_from_replica
from starrating.exports import CONTENT_TYPES

RECENT_JOBS = 10


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
    finished = not job.in_background
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
@reads_from_replica()
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


@login_required
@require_GET
def roster_template_download(request: HttpRequest, kind: str) -> HttpResponse:
    """A blank roster of one kind, whose headers are the import's, for those who import."""
    require_capability(request.user, Capability.IMPORT_ROSTER)
    if kind not in IMPORTERS:
        raise Http404(_("No such item in your scope."))
    filename, content = roster_template(kind=kind)
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
