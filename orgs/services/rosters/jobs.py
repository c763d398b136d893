"""Roster imports as ImportJobs: store the upload, preview it (a dry run), then run it once.

The browser, the admin, the command and the Celery tasks all go through these functions; a job is
claimed with a conditional update (checking → checked by one worker, pending → running), so running
it twice writes once. A large file's preview runs as a task like its import, and every step of a
job in the background leaves a sign of life (heartbeat_at) by which a dead one is found (upkeep.py).
The uploaded file holds full ID-card and phone numbers: it is deleted as soon as no step needs it.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import ImportJob, ImportStatus, RosterKind, User
from orgs.permissions import Capability, capability_paths, has_capability
from orgs.services.rosters.base import ImportResult, Progress, RosterImporter, RowError
from orgs.services.rosters.files import RosterFileError, check_size, open_table, roster_format
from orgs.services.rosters.members import MemberImporter
from orgs.services.rosters.organizations import OrganizationImporter
from orgs.services.rosters.secretaries import SecretaryImporter

logger = logging.getLogger(__name__)

IMPORTERS: dict[str, type[RosterImporter]] = {
    RosterKind.ORGANIZATIONS: OrganizationImporter,
    RosterKind.MEMBERS: MemberImporter,
    RosterKind.SECRETARIES: SecretaryImporter,
}


def import_scope(user: User | None) -> list[str] | None:
    """The subtrees a user may import into; None means everywhere (a superuser, or the command line)."""
    if user is None or user.is_superuser:
        return None
    return capability_paths(user, Capability.IMPORT_ROSTER)


def roster_import(
    *,
    kind: str,
    path: Path,
    name: str,
    by: User | None = None,
    dry_run: bool = False,
    progress=None,
    request: HttpRequest | None = None,
    job_id: object = "",
) -> ImportResult:
    """Import one roster file all-or-nothing (or only check it, with dry_run); audited unless a dry run."""
    importer = IMPORTERS[kind](allowed_paths=import_scope(by), by=by, request=request)
    return importer.run(Path(path), name, dry_run=dry_run, progress=progress, job_id=job_id)


def check_upload(*, name: str, size: int) -> None:
    """Refuse a wrong extension or an oversize file before it is stored (raises RosterFileError)."""
    roster_format(name)
    check_size(size)


def declared_rows(path: Path, name: str) -> int:
    """The data rows the file says it has (worksheet dimension, CSV lines), without reading it all."""
    with open_table(Path(path), name) as table:
        return max((table.declared_rows or 1) - 1, 0)


def roster_job_create(*, kind: str, upload: File, name: str, by: User | None) -> ImportJob:
    """Store an uploaded roster as a pending job (the file keeps its extension, not its name)."""
    job = ImportJob(kind=kind, original_name=Path(name).name[:255], created_by=by)
    job.file.save(f"roster{Path(name).suffix.lower()}", upload, save=False)
    job.save()
    return job


def roster_job_release_file(*, job: ImportJob) -> None:
    """Delete the job's uploaded file (if still there): nothing more will read it."""
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def _store(job: ImportJob, result: ImportResult, *, status: str) -> None:
    job.status = status
    job.total_rows = result.total_rows
    job.processed_rows = result.total_rows if status == ImportStatus.SUCCEEDED else job.processed_rows
    job.summary = result.summary()
    job.errors = [error.as_dict() for error in result.errors]
    job.finished_at = timezone.now() if status != ImportStatus.PENDING else None
    job.save(update_fields=["status", "total_rows", "processed_rows", "summary", "errors", "finished_at"])


def _heartbeat(job_id: int) -> Progress:
    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=rows, heartbeat_at=timezone.now())

    return progress


def roster_job_preview(
    *, job: ImportJob, request: HttpRequest | None = None, progress: Progress | None = None
) -> ImportResult:
    """Check the stored file without writing: a job with row errors fails (and its file is deleted), a clean one
    waits for confirmation."""
    result = roster_import(
        kind=job.kind,
        path=Path(job.file.path),
        name=job.original_name,
        by=job.created_by,
        dry_run=True,
        progress=progress,
        request=request,
        job_id=job.pk,
    )
    _store(job, result, status=ImportStatus.PENDING if result.ok else ImportStatus.FAILED)
    if not result.ok:
        roster_job_release_file(job=job)
    return result


def roster_job_is_large(*, job: ImportJob) -> bool:
    """Whether the file declares more rows than a request should read (ROSTER_ASYNC_ROWS)."""
    try:
        rows = declared_rows(Path(job.file.path), job.original_name)
    except RosterFileError:
        return False  # refused at once by the preview, which names the reason
    ImportJob.objects.filter(pk=job.pk).update(total_rows=rows)
    job.total_rows = rows
    return rows > settings.ROSTER_ASYNC_ROWS


def roster_job_queue_preview(*, job: ImportJob) -> None:
    """Hand the preview to a worker after the commit; the job page shows its progress."""
    from orgs.tasks import roster_preview_run  # lazily: the task module imports these services

    job.status, job.heartbeat_at, job.summary = ImportStatus.CHECKING, timezone.now(), {"queued": True}
    job.save(update_fields=["status", "heartbeat_at", "summary"])
    transaction.on_commit(lambda: roster_preview_run.delay(job.pk))


def roster_job_queue_run(*, job: ImportJob) -> None:
    """Hand the confirmed import to a worker after the commit; the job page shows its progress."""
    from orgs.tasks import roster_import_run  # lazily: the task module imports these services

    job.heartbeat_at, job.summary = timezone.now(), {**(job.summary or {}), "queued": True}
    job.save(update_fields=["heartbeat_at", "summary"])
    transaction.on_commit(lambda: roster_import_run.delay(job.pk))


def roster_job_check(*, job_id: int) -> ImportJob | None:
    """Claim a job waiting for its check and preview it with progress; None when another worker has it."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.CHECKING, summary__queued=True).update(
        summary={}, processed_rows=0, heartbeat_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        roster_job_preview(job=job, progress=_heartbeat(job_id))
    except Exception:
        logger.exception("roster check %s failed", job_id)
        roster_job_fail(job=job, reason=_("The check stopped on an unexpected error; nothing was written."))
        raise
    return job


def roster_job_fail(*, job: ImportJob, reason: str) -> None:
    """Mark a job failed for one reason about the whole file, and delete its file."""
    problem = RowError(None, "", reason)
    with transaction.atomic():
        _store(job, ImportResult(kind=job.kind, dry_run=False, errors=[problem]), status=ImportStatus.FAILED)
    roster_job_release_file(job=job)


def roster_job_run(*, job_id: int, request: HttpRequest | None = None) -> ImportJob | None:
    """Claim a pending job and import it; None when another run already claimed it (idempotent)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING, file__gt="").update(
        status=ImportStatus.RUNNING, processed_rows=0, heartbeat_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    by = job.created_by
    if by is not None and not has_capability(by, Capability.IMPORT_ROSTER):
        roster_job_fail(job=job, reason=_("You no longer hold the right to import rosters."))
        return job
    try:
        result = roster_import(
            kind=job.kind,
            path=Path(job.file.path),
            name=job.original_name,
            by=by,
            progress=_heartbeat(job_id),
            request=request,
            job_id=job.pk,
        )
    except Exception:
        logger.exception("roster import %s failed", job_id)
        roster_job_fail(job=job, reason=_("The import stopped on an unexpected error; nothing was written."))
        raise
    _store(job, result, status=ImportStatus.SUCCEEDED if result.ok else ImportStatus.FAILED)
    roster_job_release_file(job=job)
    return job
