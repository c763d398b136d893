"""Running the consequence job on demand (按需重新运用): the district organization department asks for a run over
every organization; one at a time, held by a lock in the cache from the request to the end of the job."""

from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.selectors.consequence_runs import (
    ON_DEMAND,
    RUN_CAPABILITY,
    RUN_LOCK_KEY,
    RUN_LOCK_SECONDS,
    consequence_run_started_at,
    top_organizations,
)
from orgs.models import User
from orgs.permissions import check_actor
from orgs.services.audit import audit_record


def consequences_run_request(*, by: User) -> datetime:
    """Queue the job over every organization, after the commit, and return when it was asked for. Refused (audited)
    without the district's capability, and while a run asked for before is queued or running."""
    from evaluations.tasks import consequences_apply  # lazily: the task module imports the services

    for root in top_organizations():
        check_actor(by, RUN_CAPABILITY, root, object_type="consequence_run", object_id="all")
    started_at = timezone.now()
    token = started_at.isoformat()
    if not cache.add(RUN_LOCK_KEY, token, timeout=RUN_LOCK_SECONDS):
        running_since = consequence_run_started_at() or started_at
        raise ValidationError(
            _("The rules are being applied (started at %(time)s); try again when it is done.")
            % {"time": timezone.localtime(running_since).strftime("%H:%M")},
            code="running",
        )
    by_id = by.pk if by is not None else None

    def queue() -> None:
        try:
            consequences_apply.delay(None, ON_DEMAND, by_id, token)
        except Exception:
            consequence_run_release(token=token)  # the broker refused it: nothing will run, nothing should wait
            raise

    try:
        with transaction.atomic():
            audit_record(
                action=EvaluationAuditAction.CONSEQUENCES_RUN_REQUEST,
                actor=by,
                object_type="consequence_run",
                object_id="all",
                detail={"cause": ON_DEMAND, "started_at": token},
            )
            transaction.on_commit(queue)
    except BaseException:
        consequence_run_release(token=token)
        raise
    return started_at


def consequence_run_release(*, token: str) -> None:
    """Release the lock of the run asked for at ``token``; a lock taken since by another request stays."""
    if cache.get(RUN_LOCK_KEY) == token:
        cache.delete(RUN_LOCK_KEY)
