"""Roster import: organizations, members and secretaries from .xlsx and .csv, all-or-nothing.

Every file is read and every row checked before anything is written; a file with any bad row
writes nothing and reports each bad row by spreadsheet row number (header = row 1), column and a
Chinese reason. A clean file is written in one transaction with bulk inserts and updates, keyed by
natural keys (organization code; member ID-card hash; secretary organization + ID-card hash + start
date), so the same file twice leaves the same rows. Organizations and secretaries keep their
simple-history records; members are written with COPY and UPDATE … FROM unnest on PostgreSQL and get
one audit event per import instead of 26,000 history rows (see MemberWriting.write in member_writes.py and
tests/bench/roster_import.py for the 3,000 rows/s target).
"""

from orgs.services.rosters.base import ImportResult, ProblemKind, RowError
from orgs.services.rosters.files import RosterFileError
from orgs.services.rosters.jobs import (
    IMPORTERS,
    check_upload,
    declared_rows,
    import_scope,
    roster_import,
    roster_job_check,
    roster_job_create,
    roster_job_is_large,
    roster_job_preview,
    roster_job_queue_preview,
    roster_job_queue_run,
    roster_job_run,
)

__all__ = [
    "IMPORTERS",
    "ImportResult",
    "ProblemKind",
    "RosterFileError",
    "RowError",
    "check_upload",
    "declared_rows",
    "import_scope",
    "roster_import",
    "roster_job_check",
    "roster_job_create",
    "roster_job_is_large",
    "roster_job_preview",
    "roster_job_queue_preview",
    "roster_job_queue_run",
    "roster_job_run",
]
