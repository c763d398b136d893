"""Runs of the consequence rules over every organization (结果运用): asked for on demand, by a revised rule set or
the administrator's command, and split into streets that any number of workers apply at once, each claimed with a
lease (evaluations/services/street_leases.py). A run applied to a few organizations after an approval stays one
task and is known by its audit record only."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.campaigns import ComputationStatus
from evaluations.models.computations import LeasedStreet, leased_street_constraints


class ConsequenceCountFields(models.Model):
    """What applying the rules did, per street and summed on the run."""

    organizations = models.PositiveIntegerField(_("organizations"), default=0)
    added = models.PositiveIntegerField(_("added"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    withdrawn = models.PositiveIntegerField(_("withdrawn"), default=0)
    kept = models.PositiveIntegerField(_("kept"), default=0)
    cases_withdrawn = models.PositiveIntegerField(_("rectification cases withdrawn"), default=0)
    cases_noted = models.PositiveIntegerField(_("rectification cases noted"), default=0)

    class Meta:
        abstract = True


class ConsequenceRun(ConsequenceCountFields):
    """A run of the rules over every organization: one waits and one runs at a time; a request made while one waits
    is that one."""

    status = models.CharField(
        _("status"), max_length=16, choices=ComputationStatus.choices, default=ComputationStatus.PENDING
    )
    cause = models.CharField(_("cause"), max_length=32, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("run of the consequence rules")
        verbose_name_plural = _("runs of the consequence rules")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status=ComputationStatus.PENDING), name="consequence_run_one_pending"
            ),
            models.UniqueConstraint(
                fields=["status"], condition=Q(status=ComputationStatus.RUNNING), name="consequence_run_one_running"
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="consequence_run_finished_after_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cause} {self.status}"


class ConsequenceRunStreet(LeasedStreet, ConsequenceCountFields):
    """One street of a run: the rules applied to its organizations in one transaction."""

    run = models.ForeignKey(ConsequenceRun, on_delete=models.CASCADE, related_name="streets", verbose_name=_("run"))

    class Meta:
        verbose_name = _("street of a consequence run")
        verbose_name_plural = _("streets of a consequence run")
        ordering = ["run", "path"]
        constraints = leased_street_constraints("run", "consequence_run_street")

    def __str__(self) -> str:
        return f"{self.run_id} {self.path} {self.status}"
