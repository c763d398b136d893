"""The process models; each area in its own module, re-exported here."""

from evaluations.models.campaigns import (
    Campaign,
    CampaignComputation,
    CampaignStatus,
    ComputationStatus,
    Evaluation,
    EvaluationResult,
    EvaluationStatus,
    Evidence,
    PeriodKind,
    PersonalizedItem,
    Score,
    Stage,
    VetoHit,
)
from evaluations.models.votes import Ballot, MemberVote, Survey, SurveyStatus, VoteCode

__all__ = [
    "Ballot",
    "Campaign",
    "CampaignComputation",
    "CampaignStatus",
    "ComputationStatus",
    "Evaluation",
    "EvaluationResult",
    "EvaluationStatus",
    "Evidence",
    "MemberVote",
    "PeriodKind",
    "PersonalizedItem",
    "Score",
    "Stage",
    "Survey",
    "SurveyStatus",
    "VetoHit",
    "VoteCode",
]
