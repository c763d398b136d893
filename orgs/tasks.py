"""Celery tasks of the orgs app: thin, idempotent, queued with transaction.on_commit."""

from celery import shared_task

from orgs.services.rosters import roster_job_run


@shared_task(acks_late=True)
def roster_import_run(job_id: int) -> str:
    """Run a previewed roster import. The job is claimed pending → running, so a redelivered task does nothing."""
    job = roster_job_run(job_id=job_id)
    return job.status if job is not None else "already claimed"
