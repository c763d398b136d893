"""Reads of satisfaction votes: the tally of a survey and the satisfaction of an evaluation (scoring.engine)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import Ballot, CampaignStatus, Evaluation, MemberVote, Survey, SurveyStatus, VoteCode
from evaluations.services.votes.surveys import evaluation_satisfaction_settings
from orgs.models import Member, User
from orgs.permissions import Capability, subtree_condition
from scoring.definitions import Satisfaction
from scoring.engine import SatisfactionResult, satisfaction_result


def surveys_visible_to(user: User, capability: Capability = Capability.VIEW_SURVEY_RESULTS) -> QuerySet:
    """Surveys of the evaluations of organizations in the user's subtrees where the capability is held."""
    condition = subtree_condition(user, capability, "evaluation__organization__path")
    surveys = Survey.objects.select_related("evaluation__organization", "evaluation__campaign")
    return surveys if condition is None else surveys.filter(condition)


def surveys_to_vote_for(user: User) -> QuerySet:
    """The open surveys the user votes in as an active party member of the evaluated organization's subtree and has
    not voted in yet, closing soonest first; none for a user who is not a member. One query."""
    member_id = getattr(user, "member_id", None)
    if member_id is None or not user.is_active:
        return Survey.objects.none()
    now = timezone.now()
    in_subtree = Member.objects.filter(
        pk=member_id, is_active=True, branch__path__startswith=OuterRef("evaluation__organization__path")
    )
    return (
        Survey.objects.filter(Exists(in_subtree), status=SurveyStatus.OPEN, opens_at__lte=now, closes_at__gt=now)
        .exclude(member_votes__member_id=member_id)
        .select_related("evaluation__organization", "evaluation__campaign")
        .order_by("closes_at", "pk")
    )


def evaluations_open_for_surveys(user: User) -> QuerySet:
    """Evaluations of open campaigns on which the user may open a satisfaction survey (street staff)."""
    condition = subtree_condition(user, Capability.MANAGE_SURVEYS, "organization__path")
    evaluations = Evaluation.objects.filter(campaign__status=CampaignStatus.OPEN).select_related(
        "organization", "campaign"
    )
    evaluations = evaluations if condition is None else evaluations.filter(condition)
    return evaluations.order_by("campaign", "organization__path")


@dataclass(frozen=True)
class SurveyTally:
    """A survey's results: the engine's result and the participation counts behind it."""

    result: SatisfactionResult
    settings: Satisfaction
    codes_issued: int
    codes_used: int
    member_votes: int

    @property
    def voters(self) -> int:
        return self.codes_used + self.member_votes


def _counts(ballots: QuerySet) -> list[tuple[str, str, int]]:
    return list(ballots.values_list("rater_group", "option").annotate(count=Count("pk")).order_by())


def survey_tally(survey: Survey) -> SurveyTally:
    """Counts per option, the fair-or-above share and the 0–100 score of one survey's ballots (4 queries)."""
    settings = evaluation_satisfaction_settings(survey.evaluation_id)
    votes: dict[str, int] = {}
    for _group, option, count in _counts(Ballot.objects.filter(survey=survey)):
        votes[option] = votes.get(option, 0) + count
    codes = VoteCode.objects.filter(survey=survey).aggregate(issued=Count("pk"), used=Count("pk", filter=Q(used=True)))
    return SurveyTally(
        result=satisfaction_result(votes, options=settings.options),
        settings=settings,
        codes_issued=codes["issued"],
        codes_used=codes["used"],
        member_votes=MemberVote.objects.filter(survey=survey).count(),
    )


def evaluation_satisfaction(evaluation: Evaluation) -> SatisfactionResult:
    """All the ballots of an evaluation's surveys; with rater groups (Yantian) a weighted mean over the groups."""
    settings = evaluation_satisfaction_settings(evaluation.pk)
    rows = _counts(Ballot.objects.filter(survey__evaluation=evaluation))
    if not settings.rater_groups:
        pooled: dict[str, int] = {}
        for _group, option, count in rows:
            pooled[option] = pooled.get(option, 0) + count
        return satisfaction_result(pooled, options=settings.options)
    grouped: dict[str, dict[str, int]] = {}
    for group, option, count in rows:
        per_group = grouped.setdefault(group, {})
        per_group[option] = per_group.get(option, 0) + count
    return satisfaction_result(grouped, options=settings.options, rater_groups=settings.rater_groups)


def few_ballots_note(ballots: int | None) -> str:
    """ "样本不足（3 票）" for a share counted from fewer ballots than SATISFACTION_MIN_BALLOTS (documented in the
    README; the seeds name no number), else empty. It marks the share; the result is computed as before."""
    if not ballots or ballots >= settings.SATISFACTION_MIN_BALLOTS:
        return ""
    return _("too few ballots (%(count)d)") % {"count": ballots}
