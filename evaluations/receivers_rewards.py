"""Keep the rewards ledgers current: a star change approved, a removal, an undo or a circumstance confirmed queues
the recomputation of that secretary's organization for the change's year and the next (whose gain is counted over
this one). The ledger only grows, so the task adds what changed as adjusting entries; running it twice adds
nothing."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from evaluations.models import RewardCircumstance, SecretaryStarChange, StarChangeStatus
from evaluations.tasks import rewards_ledgers_refresh


@receiver(post_save, sender=SecretaryStarChange, dispatch_uid="rewards_follow_star_changes")
def rewards_follow_star_changes(sender, instance: SecretaryStarChange, **kwargs) -> None:
    if instance.status not in (StarChangeStatus.APPROVED, StarChangeStatus.UNDONE):
        return
    organization_id, year = instance.secretary.organization_id, instance.record.year
    transaction.on_commit(lambda: rewards_ledgers_refresh.delay(organization_id, year))


@receiver(post_save, sender=RewardCircumstance, dispatch_uid="rewards_follow_circumstances")
def rewards_follow_circumstances(sender, instance: RewardCircumstance, **kwargs) -> None:
    """A circumstance confirmed (or edited in the admin): that year's ledgers and every later one up to this year,
    since the departure subsidy increase runs on after the year of leaving."""
    organization_id, year = instance.secretary.organization_id, instance.year
    through_year = timezone.localdate().year
    transaction.on_commit(lambda: rewards_ledgers_refresh.delay(organization_id, year, through_year))
