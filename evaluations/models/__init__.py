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
from evaluations.models.democratic_votes import (
    DemocraticBallot,
    DemocraticPaperCount,
    DemocraticVote,
    DemocraticVoter,
    DemocraticVoteStatus,
)
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
    "DemocraticBallot",
    "DemocraticPaperCount",
    "DemocraticVote",
    "DemocraticVoteStatus",
    "DemocraticVoter",
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
    "Stage",
    "SubjectKind",
    "Survey",
    "SurveyStatus",
    "Transition",
    "VetoHit",
    "VoteCode",
]

# Pioneer index (先锋指数): sheets and grades of member campaigns.
from evaluations.models.pioneer import (
    MemberGrade,
    PioneerResult,
    PioneerSheet,
    PioneerSheetStage,
)

__all__ += ["MemberGrade", "PioneerResult", "PioneerSheet", "PioneerSheetStage"]

# Follow-up per final pioneer-index grade: commendation, paired help, disposal.
from evaluations.models.followups import (  # noqa: E402 -- after the blocks above, kept apart for merging
    DisposalOutcome,
    DisposalStep,
    FollowUp,
    FollowUpKind,
    FollowUpNote,
    FollowUpStatus,
)

__all__ += ["DisposalOutcome", "DisposalStep", "FollowUp", "FollowUpKind", "FollowUpNote", "FollowUpStatus"]
