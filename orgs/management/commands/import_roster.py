"""`manage.py import_roster FILE --kind members|orgs|secretaries [--dry-run] [--async]`.

Every bad row is printed with its row number, column and reason, and the command exits non-zero;
otherwise it prints what it created, updated and left unchanged and which columns it used and
ignored. A file with more than ROSTER_ASYNC_ROWS rows, or --async, runs as a Celery task whose
progress is printed until it finishes.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import ImportJob, ImportStatus, RosterKind
from orgs.services.rosters import RosterFileError, declared_rows, roster_import, roster_job_create
from orgs.tasks import roster_import_run

POLL_SECONDS = 1.0


class Command(BaseCommand):
    help = "Import a roster of organizations, members or secretaries from an .xlsx or .csv file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=RosterKind.values)
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")
        parser.add_argument("--async", dest="run_async", action="store_true", help="Run as a Celery task.")

    def handle(self, *args, file: Path, kind: str, dry_run: bool, run_async: bool, **options):
        if not file.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": file})
        try:
            rows = declared_rows(file, file.name)
        except RosterFileError as problem:
            raise CommandError(_("File: %(reason)s") % {"reason": problem}) from None
        if not dry_run and (run_async or rows > settings.ROSTER_ASYNC_ROWS):
            summary, errors = self._run_as_task(file, kind, rows)
        else:
            result = roster_import(kind=kind, path=file, name=file.name, dry_run=dry_run, progress=self._progress(rows))
            summary, errors = result.summary(), [error.message for error in result.errors]
        self._report(summary, errors, dry_run=dry_run)

    def _progress(self, total: int):
        def report(done: int) -> None:
            self.stderr.write(_("Read %(done)d of about %(total)d rows") % {"done": done, "total": max(total, done)})

        return report

    def _run_as_task(self, file: Path, kind: str, rows: int) -> tuple[dict, list[str]]:
        with file.open("rb") as stream:
            job = roster_job_create(kind=kind, upload=File(stream), name=file.name, by=None)
        # Queued with a sign of life, by which roster_jobs_recover takes it up again should the worker die.
        ImportJob.objects.filter(pk=job.pk).update(
            total_rows=rows, heartbeat_at=timezone.now(), summary={"queued": True}
        )
        self.stdout.write(_("Import %(job)d queued as a Celery task.") % {"job": job.pk})
        # No transaction is open here: the job row is committed, so a worker can load it at once.
        roster_import_run.delay(job.pk)
        shown = -1
        while True:
            job.refresh_from_db()
            if job.processed_rows != shown and job.status == ImportStatus.RUNNING:
                shown = job.processed_rows
                self.stdout.write(
                    _("Progress: %(done)d of %(total)d rows (%(percent)d%%)")
                    % {"done": job.processed_rows, "total": job.total_rows, "percent": job.percent}
                )
            if job.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED):
                return job.summary, [error["message"] for error in job.errors]
            time.sleep(POLL_SECONDS)

    def _report(self, summary: dict, errors: list[str], *, dry_run: bool) -> None:
        if summary.get("columns_used"):
            self.stdout.write(_("Columns used: %(columns)s") % {"columns": "、".join(summary["columns_used"])})
        if summary.get("columns_ignored"):
            self.stdout.write(_("Columns ignored: %(columns)s") % {"columns": "、".join(summary["columns_ignored"])})
        if errors:
            for message in errors:
                self.stderr.write(message)
            raise CommandError(
                _("%(count)d problems found; nothing was written.") % {"count": len(errors)}, returncode=1
            )
        counts = {key: summary.get(key, 0) for key in ("created", "updated", "unchanged")}
        line = _("Created %(created)d, updated %(updated)d, unchanged %(unchanged)d.") % counts
        if dry_run:
            line = (
                _("Dry run, nothing written: %(created)d to create, %(updated)d to update, %(unchanged)d unchanged.")
                % counts
            )
        self.stdout.write(self.style.SUCCESS(line))
