"""Work split into streets, each claimed by one worker at a time with a lease: the streets of a campaign
computation here, those of a run of the consequence rules in consequences.py."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.campaigns import CampaignComputation


class StreetStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class LeasedStreet(models.Model):
    """One street (a chunk: the street's subtree, or an organization above the streets) of a run split into
    streets. A worker claims it with a lease and does it in one transaction; once the lease has run out another
    worker may take it. The attempt number is the claim's version."""

    path = models.CharField(_("street path"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=StreetStatus.choices, default=StreetStatus.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        abstract = True


def leased_street_constraints(run_field: str, prefix: str) -> list[models.BaseConstraint]:
    """What every leased street holds: one row per street of a run, a lease while running, an end after its start."""
    return [
        models.UniqueConstraint(fields=[run_field, "path"], name=f"{prefix}_unique_path"),
        models.CheckConstraint(
            condition=~Q(status=StreetStatus.RUNNING) | Q(lease_until__isnull=False), name=f"{prefix}_running_has_lease"
        ),
        models.CheckConstraint(
            condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
            name=f"{prefix}_finished_after_started",
        ),
    ]


class CampaignComputationStreet(LeasedStreet):
    """One street of a campaign computation: its evaluations computed in one transaction."""

    computation = models.ForeignKey(
        CampaignComputation, on_delete=models.CASCADE, related_name="streets", verbose_name=_("campaign computation")
    )
    evaluations_count = models.PositiveIntegerField(_("evaluations"), default=0)
    results_written = models.PositiveIntegerField(_("results written"), default=0)

    class Meta:
        verbose_name = _("street of a computation")
        verbose_name_plural = _("streets of a computation")
        ordering = ["computation", "path"]
        constraints = leased_street_constraints("computation", "computation_street")

    def __str__(self) -> str:
        return f"{self.computation_id} {self.path} {self.status}"
