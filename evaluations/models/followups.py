"""Follow-up per final pioneer-index grade (Lengshuijiang, seed 004): 优秀 commended, 基本合格 paired with a helper
(结对帮扶), 不合格 a disposal case (不合格党员处置); each with its notes."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.campaigns import Campaign
from evaluations.models.evaluations import Evaluation
from orgs.free_text import FreeTextField
from orgs.models import Member, Organization, User


class FollowUpKind(models.TextChoices):
    COMMENDATION = "commendation", _("Commendation")
    PAIRED_HELP = "paired_help", _("Paired help")
    DISPOSAL = "disposal", _("Disposal of an unqualified member")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class DisposalStep(models.TextChoices):
    """The steps of a disposal case, in order (editable default: the usual procedure of branch talk, proposal,
    branch general meeting, approval by the level above, notice to the member)."""

    TALK = "talk", _("Talk with the member")
    PROPOSAL = "proposal", _("Branch committee proposes the disposal")
    MEETING = "meeting", _("Branch general meeting decides")
    APPROVAL = "approval", _("The level above approves")
    NOTICE = "notice", _("Member notified and filed")


class DisposalOutcome(models.TextChoices):
    CORRECTION = "correction", _("Correction within a deadline")
    PERSUADED_TO_LEAVE = "persuaded_to_leave", _("Persuaded to leave the party")
    REMOVED = "removed", _("Removed from the party")
    CORRECTED = "corrected", _("Corrected: no further disposal")


class FollowUp(models.Model):
    """What follows one member's final grade: a commendation, a paired help or a disposal case."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="follow_up", verbose_name=_("evaluation")
    )
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", verbose_name=_("campaign"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("member"))
    branch = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch"))
    kind = models.CharField(_("kind"), max_length=16, choices=FollowUpKind.choices)
    status = models.CharField(_("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    final_points = models.DecimalField(_("final points"), max_digits=6, decimal_places=2)
    helper = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("helper")
    )
    plan = FreeTextField(_("help plan"), blank=True)
    step = models.CharField(_("step"), max_length=16, choices=DisposalStep.choices, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=DisposalOutcome.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["kind", "branch__path", "member__name", "pk"]
        indexes = [models.Index(fields=["kind", "status"], name="follow_up_kind_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(helper__isnull=True) | ~Q(helper=models.F("member")), name="follow_up_helper_not_member"
            ),
            models.CheckConstraint(
                condition=~Q(status=FollowUpStatus.CLOSED) | Q(closed_at__isnull=False),
                name="follow_up_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.member_id}"


class FollowUpNote(models.Model):
    """A progress note of a paired help, or a step recorded in a disposal case. Never changed."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="notes", verbose_name=_("follow-up"))
    step = models.CharField(_("step"), max_length=16, choices=DisposalStep.choices, blank=True)
    text = FreeTextField(_("note"))
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")
        ordering = ["follow_up", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.follow_up_id} {self.at:%Y-%m-%d}"
