"""Celery tasks of the orgs app: thin, idempotent, queued with transaction.on_commit."""

from celery import shared_task

from orgs.services.rosters import roster_job_check, roster_job_run
from orgs.services.rosters.upkeep import roster_files_remove_stale as remove_stale_files
from orgs.services.rosters.upkeep import roster_jobs_recover as recover_jobs


@shared_task(acks_late=True)
def roster_preview_run(job_id: int) -> str:
    """Check a large roster (the preview). The job is claimed once, so a redelivered task does nothing."""
    job = roster_job_check(job_id=job_id)
    return job.status if job is not None else "already claimed"


@shared_task(acks_late=True)
def roster_import_run(job_id: int) -> str:
    """Run a previewed roster import. The job is claimed pending → running, so a redelivered task does nothing."""
    job = roster_job_run(job_id=job_id)
    return job.status if job is not None else "already claimed"


@shared_task
def roster_jobs_recover() -> dict[str, int]:
    """Periodic: take up again, or fail, the roster jobs whose worker died."""
    return recover_jobs()


@shared_task
def roster_files_remove_stale() -> dict[str, int]:
    """Periodic: delete uploaded rosters no job needs any more, and give up unconfirmed previews."""
    return remove_stale_files()
