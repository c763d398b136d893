"""Satisfaction votes (满意度测评): surveys, one-time codes for residents, member votes, and ballots kept apart.

A ballot is stored apart from whoever cast it: it has no link to a member, a code, a user or an exact
time (only the date), and a random primary key so that its position says nothing either. What links the
two sides is a count: the ballots of a survey always equal its used codes plus its member votes.
"""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.evaluations import Evaluation
from orgs.models import Member, User


class SurveyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Survey(models.Model):
    """One satisfaction survey of an evaluation, optionally for one of the template's rater groups (Yantian)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("evaluation")
    )
    rater_group = models.CharField(_("rater group"), max_length=64, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(_("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.OPEN)
    # The option codes a ballot may carry, copied from the template when the survey opens: a ballot is checked
    # against its survey's row alone, and the options cannot change under a running survey.
    option_codes = models.JSONField(_("option codes"), default=list)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="survey_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation.organization} · {self.opens_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


class VoteCode(models.Model):
    """A one-time code for a resident (群众). Only the SHA-256 of the code is kept; the day of use, not the time."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes", verbose_name=_("survey"))
    code_hash = models.CharField(_("code (SHA-256)"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))
    used = models.BooleanField(_("used"), default=False)
    used_on = models.DateField(_("used on"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("vote code")
        verbose_name_plural = _("vote codes")
        indexes = [models.Index(fields=["survey", "used"], name="vote_code_survey_used")]

    def __str__(self) -> str:
        return self.code_hash[:8]


class MemberVote(models.Model):
    """That a member has voted in a survey (not how): a member votes once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="member_votes", verbose_name=_("survey"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("party member"))
    voted_on = models.DateField(_("voted on"))

    class Meta:
        verbose_name = _("member vote")
        verbose_name_plural = _("member votes")
        constraints = [models.UniqueConstraint(fields=["survey", "member"], name="member_vote_once_per_survey")]

    def __str__(self) -> str:
        return f"{self.member} · {self.survey_id}"


class Ballot(models.Model):
    """One answer in a survey: the option and the rater group, nothing that leads back to the voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("survey"))
    option = models.CharField(_("option"), max_length=32)
    rater_group = models.CharField(_("rater group"), max_length=64, blank=True)
    cast_on = models.DateField(_("cast on"))

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        indexes = [models.Index(fields=["survey", "rater_group", "option"], name="ballot_survey_group_option")]

    def __str__(self) -> str:
        return self.option
