"""民主测评 (democratic vote) of a member campaign: one vote per branch, who has voted, and ballots kept apart.

As with satisfaction votes, a ballot is stored apart from whoever cast it: it names the member rated (through
their evaluation) and the option, never the voter, carries only the date and a random primary key, and closing
the vote rewrites the ballots in random order. What links the two sides is a count: every voter's sheet wrote
one ballot about each other member rated in the branch. Paper results of a branch meeting are counts per
member and option, entered by the branch secretary.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from evaluations.models.campaigns import Campaign
from evaluations.models.evaluations import Evaluation
from evaluations.rules.democratic_votes import DEFAULT_QUORUM
from orgs.models import Member, Organization, User


class DemocraticVoteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class DemocraticVote(models.Model):
    """The democratic vote of one branch in a member campaign; options and quorum are copied when it opens."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="democratic_votes", verbose_name=_("campaign")
    )
    branch = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="democratic_votes", verbose_name=_("party branch")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=DemocraticVoteStatus.choices, default=DemocraticVoteStatus.OPEN
    )
    option_codes = models.JSONField(_("option codes"), default=list)
    quorum = models.CharField(_("quorum (share of the branch's members)"), max_length=16, default=DEFAULT_QUORUM)
    eligible_voters = models.PositiveIntegerField(_("members entitled to vote"), default=0)
    paper_voters = models.PositiveIntegerField(_("members who voted on paper"), default=0)
    opened_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("democratic vote")
        verbose_name_plural = _("democratic votes")
        ordering = ["campaign", "branch__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "branch"], name="democratic_vote_once_per_branch"),
            models.CheckConstraint(
                condition=Q(status=DemocraticVoteStatus.OPEN) | Q(closed_at__isnull=False),
                name="democratic_vote_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.branch}"

    @property
    def is_open(self) -> bool:
        return self.status == DemocraticVoteStatus.OPEN


class DemocraticVoter(models.Model):
    """That a member has submitted the branch's sheet (not how): a member submits once."""

    vote = models.ForeignKey(DemocraticVote, on_delete=models.CASCADE, related_name="voters", verbose_name=_("vote"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("party member"))
    voted_on = models.DateField(_("voted on"))

    class Meta:
        verbose_name = _("democratic vote voter")
        verbose_name_plural = _("democratic vote voters")
        constraints = [models.UniqueConstraint(fields=["vote", "member"], name="democratic_voter_once_per_vote")]

    def __str__(self) -> str:
        return f"{self.member} · {self.vote_id}"


class DemocraticBallot(models.Model):
    """One choice about one member: the member's evaluation and the option, nothing that leads back to the voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(DemocraticVote, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("vote"))
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="democratic_ballots", verbose_name=_("member rated")
    )
    option = models.CharField(_("option"), max_length=32)
    cast_on = models.DateField(_("cast on"))

    class Meta:
        verbose_name = _("democratic vote ballot")
        verbose_name_plural = _("democratic vote ballots")
        indexes = [models.Index(fields=["evaluation", "option"], name="democratic_ballot_rated_option")]

    def __str__(self) -> str:
        return self.option


class DemocraticPaperCount(models.Model):
    """How many paper ballots of a branch meeting chose an option for one member, entered by the branch secretary."""

    vote = models.ForeignKey(
        DemocraticVote, on_delete=models.CASCADE, related_name="paper_counts", verbose_name=_("vote")
    )
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="democratic_paper_counts", verbose_name=_("member rated")
    )
    option = models.CharField(_("option"), max_length=32)
    count = models.PositiveIntegerField(_("count"))
    entered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("democratic vote paper count")
        verbose_name_plural = _("democratic vote paper counts")
        constraints = [
            models.UniqueConstraint(fields=["vote", "evaluation", "option"], name="democratic_paper_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.option} {self.count}"
