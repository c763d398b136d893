"""The process models, one module per area, re-exported here."""

from evaluations.models.approval import QuotaPenalty, RecommendationStatus, RecommendedEntry, RecommendedList
from evaluations.models.campaigns import (
    Campaign,
    CampaignComputation,
    CampaignStage,
    CampaignStatus,
    ComputationStatus,
    PeriodKind,
    PersonalizedItem,
    SubjectKind,
)
from evaluations.models.consultation import DepartmentOpinion, OpinionKind
from evaluations.models.evaluations import Evaluation, EvaluationResult, EvaluationStatus, Transition
from evaluations.models.notifications import DeliveryChannel, DeliveryState, Notification, NotificationDelivery
from evaluations.models.publicity import Objection
from evaluations.models.scores import (
    CheckMethod,
    Evidence,
    ReviewCheck,
    Score,
    ScoreChange,
    ScoreChangeKind,
    Stage,
    VetoHit,
)
from evaluations.models.secretary_stars import (
    SecretaryStarChange,
    SecretaryStarCycle,
    SecretaryStarEvidence,
    SecretaryStarRule,
    SecretaryStarRuleSet,
    SecretaryStarYear,
    SecretarySupervision,
    StarChangeStatus,
    StarRuleKind,
)
from evaluations.models.votes import Ballot, MemberVote, Survey, SurveyStatus, VoteCode

__all__ = [
    "Ballot",
    "Campaign",
    "CampaignComputation",
    "CampaignStage",
    "CampaignStatus",
    "CheckMethod",
    "ComputationStatus",
    "DeliveryChannel",
    "DeliveryState",
    "DepartmentOpinion",
    "Evaluation",
    "EvaluationResult",
    "EvaluationStatus",
    "Evidence",
    "MemberVote",
    "Notification",
    "NotificationDelivery",
    "Objection",
    "OpinionKind",
    "PeriodKind",
    "PersonalizedItem",
    "QuotaPenalty",
    "RecommendationStatus",
    "RecommendedEntry",
    "RecommendedList",
    "ReviewCheck",
    "Score",
    "ScoreChange",
    "ScoreChangeKind",
    "SecretaryStarChange",
    "SecretaryStarCycle",
    "SecretaryStarEvidence",
    "SecretaryStarRule",
    "SecretaryStarRuleSet",
    "SecretaryStarYear",
    "SecretarySupervision",
    "Stage",
    "StarChangeStatus",
    "StarRuleKind",
    "SubjectKind",
    "Survey",
    "SurveyStatus",
    "Transition",
    "VetoHit",
    "VoteCode",
]

# The rewards ledger that follows a secretary's stars (seed 001).
from evaluations.models.rewards import (
    RewardCircumstance,
    RewardEntry,
    RewardEntryKind,
    RewardEntryType,
    RewardRuleSet,
)

__all__ += ["RewardCircumstance", "RewardEntry", "RewardEntryKind", "RewardEntryType", "RewardRuleSet"]
