"""Celery tasks of the evaluation process: thin, idempotent, queued on commit."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from evaluations.services import consequence_runs
from evaluations.services.compute.request import campaign_compute_run
from evaluations.services.compute.streets import (
    computation_start,
    computations_recover,
    follow_up_countdown,
    streets_claimable,
    streets_work,
    worker_name,
)
from evaluations.services.consequences import consequences_apply as apply_consequences
from evaluations.services.notifications import DeliveryFailed, notification_delivery_send
from evaluations.services.rectification_overdue import remind_overdue
from evaluations.services.reminders import reminders_send as send_reminders
from evaluations.services.rewards import rewards_ledger_compute
from evaluations.services.street_leases import StreetsWorked
from evaluations.services.votes.surveys import surveys_close_due as close_surveys_due
from evaluations.services.whatif import policy_what_if_run
from orgs.models import Organization, User


def _streets_worked(task, worked: StreetsWorked, follow_up_countdown) -> dict:
    """After a task's pass over a run's streets: the same task again when the earliest lease of another worker runs
    out (not when eager: nothing else runs), then the first street's failure raised."""
    countdown = None if task.request.is_eager else follow_up_countdown(worked, timezone.now())
    if countdown is not None:
        task.apply_async((worked.run_id,), countdown=countdown)
    if worked.failures:
        raise worked.failures[0]
    return {"streets": worked.streets, "finished": worked.finished}


@shared_task(acks_late=True, bind=True)
def campaign_compute(self, campaign_id: int) -> dict | None:
    """Start the campaign's waiting computation, split into streets, and queue a task per street (see
    evaluations.services.compute); run eagerly, compute the whole campaign here. A computation that runs already
    has its tasks: a request made meanwhile waits, and is started when that one finishes."""
    if self.request.is_eager:
        computation = campaign_compute_run(campaign_id=campaign_id)
        return None if computation is None else {"evaluations": computation.evaluations_count}
    now = timezone.now()
    computation, started = computation_start(campaign_id=campaign_id, now=now)
    if not started:
        return None
    streets = streets_claimable(computation_id=computation.pk, now=now)
    for _street in range(streets):
        campaign_compute_streets.delay(computation.pk)
    return {"computation": computation.pk, "streets": streets}


@shared_task(acks_late=True, bind=True)
def campaign_compute_streets(self, computation_id: int) -> dict:
    """Compute the computation's streets that no other worker holds, one after the other; look again when the
    earliest lease of another worker runs out (a killed worker's street is taken then)."""
    worked = streets_work(computation_id=computation_id, worker=self.request.hostname or worker_name())
    return _streets_worked(self, worked, follow_up_countdown)


@shared_task
def campaign_compute_recover() -> dict:
    """Beat job: start the waiting computations and take up the streets whose task was lost."""
    recovered = computations_recover(now=timezone.now())
    for campaign_id in recovered.campaigns:
        campaign_compute.delay(campaign_id)
    for computation_id in recovered.computations:
        campaign_compute_streets.delay(computation_id)
    return {"campaigns": len(recovered.campaigns), "computations": len(recovered.computations)}


@shared_task(acks_late=True)
def policy_what_if(what_if_id: int) -> dict | None:
    """Run a policy what-if if it still waits (see evaluations.services.whatif); nothing is written to results."""
    what_if = policy_what_if_run(what_if_id=what_if_id)
    if what_if is None:
        return None
    return {"evaluations": what_if.evaluations_count, "changed": len(what_if.changed)}


@shared_task
def reminders_send() -> int:
    """Beat job: remind before stage deadlines and when publicity windows end; idempotent by notification key."""
    return send_reminders()


@shared_task
def rectification_remind_overdue() -> int:
    """Beat job: remind the owners of overdue rectification cases and tell the level above, once each per deadline."""
    return remind_overdue()


@shared_task
def surveys_close_due() -> int:
    """Beat job: close the satisfaction surveys whose closing time has passed; idempotent."""
    return close_surveys_due()


@shared_task(
    acks_late=True,
    autoretry_for=(DeliveryFailed,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=settings.NOTIFY_DELIVERY_RETRIES,
)
def notification_deliver(delivery_id: int) -> str | None:
    """Send one notification by e-mail or text message; sent once however often it runs, retried when it fails."""
    return notification_delivery_send(delivery_id=delivery_id)


@shared_task(acks_late=True)
def rewards_ledgers_compute(scope_id: int, year: int, by_id: int | None = None) -> dict:
    """Bring the rewards ledgers of a street or the district up to date for a year; running it twice adds nothing."""
    by = User.objects.filter(pk=by_id).first() if by_id else None
    computed = rewards_ledger_compute(year=year, scope=Organization.objects.get(pk=scope_id), by=by)
    return {"secretaries": computed.secretaries, "entries": computed.entries, "adjustments": computed.adjustments}


@shared_task(acks_late=True)
def rewards_ledgers_refresh(organization_id: int, year: int, through_year: int | None = None) -> int:
    """After a star change or a confirmed circumstance: bring the ledgers of the organization's secretaries up to
    date for the year and the next (or through ``through_year``: a departure subsidy runs on); returns the entries
    added."""
    organization = Organization.objects.get(pk=organization_id)
    last = max(year + 1, through_year or year)
    return sum(rewards_ledger_compute(year=each, scope=organization, by=None).entries for each in range(year, last + 1))


@shared_task(acks_late=True)
def consequences_apply(
    organization_ids: list[int] | None, cause: str = "", by_id: int | None = None, run_lock: str = ""
) -> dict:
    """Apply the consequence rules to the organizations given (all when None, in this one task); running it twice
    changes nothing. ``run_lock`` is left from queued messages of an earlier version, which locked on-demand runs
    in the cache: runs over every organization are ConsequenceRun rows now, done by ``consequences_run``."""
    by = User.objects.filter(pk=by_id).first() if by_id else None
    return apply_consequences(organization_ids=organization_ids, by=by, cause=cause).as_dict()


@shared_task(acks_late=True, bind=True)
def consequences_run(self) -> dict | None:
    """Start the waiting run of the consequence rules over every organization, split into streets, and queue a task
    per street (see evaluations.services.consequence_runs); run eagerly, apply every street here."""
    if self.request.is_eager:
        run = consequence_runs.consequences_run_here()
        return None if run is None else {"organizations": run.organizations}
    now = timezone.now()
    run, started = consequence_runs.consequence_run_start(now=now)
    if not started:
        return None
    streets = consequence_runs.streets_claimable(run_id=run.pk, now=now)
    for _street in range(streets):
        consequences_run_streets.delay(run.pk)
    return {"run": run.pk, "streets": streets}


@shared_task(acks_late=True, bind=True)
def consequences_run_streets(self, run_id: int) -> dict:
    """Apply the rules to the run's streets that no other worker holds; look again when the earliest lease of
    another worker runs out (a killed worker's street is taken then)."""
    worker = self.request.hostname or worker_name()
    worked = consequence_runs.consequence_run_streets_work(run_id=run_id, worker=worker)
    return _streets_worked(self, worked, consequence_runs.follow_up_countdown)


@shared_task
def consequences_run_recover() -> dict:
    """Beat job: start a waiting run of the consequence rules and take up the streets whose task was lost."""
    waiting, stalled = consequence_runs.consequence_runs_recover(now=timezone.now())
    if waiting:
        consequences_run.delay()
    for run_id in stalled:
        consequences_run_streets.delay(run_id)
    return {"waiting": waiting, "runs": len(stalled)}
