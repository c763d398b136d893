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

__all__ = [
    "Campaign",
    "CampaignComputation",
    "CampaignStatus",
    "ComputationStatus",
    "Evaluation",
    "EvaluationResult",
    "EvaluationStatus",
    "Evidence",
    "PeriodKind",
    "PersonalizedItem",
    "Score",
    "Stage",
    "VetoHit",
]
