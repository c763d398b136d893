"""The streets of a campaign computation: each one claimed by one worker at a time, with a lease."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.campaigns import CampaignComputation


class StreetStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class CampaignComputationStreet(models.Model):
    """One street (a chunk: the street's subtree, or the district itself) of a computation. A worker claims it
    with a lease and computes it in one transaction; once the lease has run out another worker may take it."""

    computation = models.ForeignKey(
        CampaignComputation, on_delete=models.CASCADE, related_name="streets", verbose_name=_("campaign computation")
    )
    path = models.CharField(_("street path"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=StreetStatus.choices, default=StreetStatus.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    evaluations_count = models.PositiveIntegerField(_("evaluations"), default=0)
    results_written = models.PositiveIntegerField(_("results written"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("street of a computation")
        verbose_name_plural = _("streets of a computation")
        ordering = ["computation", "path"]
        constraints = [
            models.UniqueConstraint(fields=["computation", "path"], name="computation_street_unique_path"),
            models.CheckConstraint(
                condition=~Q(status=StreetStatus.RUNNING) | Q(lease_until__isnull=False),
                name="computation_street_running_has_lease",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="computation_street_finished_after_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.computation_id} {self.path} {self.status}"
