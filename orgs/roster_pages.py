"""The steps of a roster import that the roster page and the admin share: the job in scope, upload and
preview, confirm (at once or as a task), and what the job page shows."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from orgs.forms import RosterUploadForm
from orgs.models import ImportJob, ImportStatus, User
from orgs.permissions import Capability, require_capability
from orgs.services.rosters import (
    ProblemKind,
    roster_job_create,
    roster_job_is_large,
    roster_job_preview,
    roster_job_queue_preview,
    roster_job_queue_run,
    roster_job_run,
)


def import_job_for_user(user: User, pk: int) -> ImportJob:
    """A job of the user's own (any job for a superuser); someone else's is 404."""
    require_capability(user, Capability.IMPORT_ROSTER)
    jobs = ImportJob.objects.all() if user.is_superuser else ImportJob.objects.filter(created_by=user)
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404(_("No such item in your scope."))
    return job


def upload_and_preview(request: HttpRequest, form: RosterUploadForm) -> ImportJob:
    """Store the upload as a job and check it without writing (the preview): a large file by a worker."""
    upload = form.cleaned_data["file"]
    job = roster_job_create(kind=form.cleaned_data["kind"], upload=upload, name=upload.name, by=request.user)
    if roster_job_is_large(job=job):
        roster_job_queue_preview(job=job)
        messages.info(request, _("The file is being checked in the background; this page shows its progress."))
    else:
        roster_job_preview(job=job, request=request)
    return job


def confirm_import(request: HttpRequest, job: ImportJob) -> None:
    """Run a clean preview: small files at once, large ones as a Celery task after the commit."""
    if not job_context(job)["can_confirm"]:
        messages.error(request, _("This import cannot be confirmed: it has problems, or it already ran."))
        return
    if job.total_rows > settings.ROSTER_ASYNC_ROWS:
        roster_job_queue_run(job=job)
        messages.info(request, _("The import runs in the background; this page shows its progress."))
        return
    job = roster_job_run(job_id=job.pk, request=request) or job
    if job.status == ImportStatus.SUCCEEDED:
        messages.success(request, _("The roster was imported."))
    else:
        messages.error(request, _("The import found problems; nothing was written."))


def _problem_context(job: ImportJob, summary: dict) -> dict:
    """The problems listed, each with its kind named, and the complete counts per kind."""
    labels = dict(ProblemKind.choices)
    problems = [{**error, "kind_label": labels.get(error.get("kind"), "")} for error in job.errors]
    total = summary.get("problems_total") or len(problems)
    counts = summary.get("problem_counts", {})  # stored as JSON, which keeps no order: list them in ProblemKind's
    return {
        "problems": problems,
        "problems_total": total,
        "problem_counts": [(label, counts[kind]) for kind, label in ProblemKind.choices if counts.get(kind)],
        "problems_capped": total > len(problems),
    }


def job_context(job: ImportJob) -> dict:
    summary = {key: value for key, value in (job.summary or {}).items() if key != "queued"}  # what the check found
    return {
        **_problem_context(job, summary),
        "job": job,
        "summary": summary,
        "finished": not job.in_background,
        "show_progress": job.in_background,
        "can_confirm": job.status == ImportStatus.PENDING
        and not job.errors
        and bool(summary)
        and not job.in_background,
        "sample_rows": summary.get("sample", []),
    }
