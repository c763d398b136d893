"""The periodic care of roster jobs: a job whose worker died is taken up again (or marked failed after a few
tries), and uploaded files that no job needs any more are deleted, as they hold full ID-card and phone numbers."""

import logging
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import ImportJob, ImportStatus
from orgs.services.rosters.jobs import roster_job_fail, roster_job_release_file

logger = logging.getLogger(__name__)

UPLOAD_FOLDER = "imports"  # ImportJob.file's upload_to starts with it


def roster_jobs_recover(*, now: datetime | None = None) -> dict[str, int]:
    """Take up again each job checking or importing without a sign of life for a lease; fail it after
    ROSTER_JOB_MAX_RESTARTS restarts. An import is all-or-nothing and keyed by natural keys, so a rerun is safe."""
    from orgs.tasks import roster_import_run, roster_preview_run  # lazily: the task module imports this one

    now = now or timezone.now()
    dead_before = now - timedelta(seconds=settings.ROSTER_JOB_LEASE_SECONDS)
    counts = {"restarted": 0, "failed": 0}
    in_background = ImportJob.objects.filter(status__in=[ImportStatus.CHECKING, ImportStatus.RUNNING]) | (
        ImportJob.objects.filter(status=ImportStatus.PENDING, summary__queued=True)
    )
    for job in in_background.filter(heartbeat_at__lt=dead_before).order_by("pk"):
        this_one = ImportJob.objects.filter(pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at)
        if job.restarts >= settings.ROSTER_JOB_MAX_RESTARTS:
            if this_one.update(heartbeat_at=now):  # claimed, so that only one beat fails it
                reason = _(
                    "The work on this file stopped %(times)d times without finishing; nothing was written. "
                    "Upload it again, or split it."
                )
                roster_job_fail(job=job, reason=reason % {"times": job.restarts + 1})
                counts["failed"] += 1
            continue
        checking = job.status == ImportStatus.CHECKING
        restarted = this_one.update(
            status=ImportStatus.CHECKING if checking else ImportStatus.PENDING,
            summary={**(job.summary or {}), "queued": True},
            processed_rows=0,
            heartbeat_at=now,
            restarts=job.restarts + 1,
        )
        if restarted:
            logger.warning("roster job %s showed no sign of life since %s: taken up again", job.pk, job.heartbeat_at)
            task = roster_preview_run if checking else roster_import_run
            transaction.on_commit(lambda task=task, pk=job.pk: task.delay(pk))
            counts["restarted"] += 1
    return counts


def roster_files_remove_stale(*, now: datetime | None = None) -> dict[str, int]:
    """Give up previews not confirmed within ROSTER_FILE_MAX_AGE_SECONDS, delete the files of finished jobs,
    and delete any uploaded file that no job in progress refers to and that is older than that age."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.ROSTER_FILE_MAX_AGE_SECONDS)
    hours = max(1, settings.ROSTER_FILE_MAX_AGE_SECONDS // 3600)
    counts = {"abandoned": 0, "files_deleted": 0}
    for job in ImportJob.objects.filter(status=ImportStatus.PENDING, created_at__lt=cutoff, file__gt=""):
        if job.in_background:  # confirmed and waiting for a worker: roster_jobs_recover's to judge
            continue
        if ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PENDING).update(status=ImportStatus.FAILED):
            reason = _(
                "The import was not confirmed within %(hours)d hours; the uploaded file was deleted. "
                "Upload it again to import it."
            )
            roster_job_fail(job=job, reason=reason % {"hours": hours})
            counts["abandoned"] += 1
    for job in ImportJob.objects.filter(status__in=[ImportStatus.SUCCEEDED, ImportStatus.FAILED], file__gt=""):
        roster_job_release_file(job=job)
        counts["files_deleted"] += 1
    in_progress = ImportJob.objects.exclude(status__in=[ImportStatus.SUCCEEDED, ImportStatus.FAILED])
    needed = set(in_progress.exclude(file="").values_list("file", flat=True))
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER
    for path in folder.rglob("*") if folder.is_dir() else ():
        name = path.relative_to(settings.MEDIA_ROOT).as_posix()
        if path.is_file() and name not in needed and path.stat().st_mtime < cutoff.timestamp():
            path.unlink(missing_ok=True)
            counts["files_deleted"] += 1
    return counts
