"""The audit actions of the evaluation process, owned here: orgs stores them and shows their labels
(registered from EvaluationsConfig.ready), so a new action needs no migration."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class EvaluationAuditAction(StrEnum):
    CAMPAIGN_CREATE = "campaign_create"
    CAMPAIGN_OPEN = "campaign_open"
    CAMPAIGN_SETUP = "campaign_setup"
    PERSONALISED_SET = "personalised_set"
    SCORES_SAVE = "scores_save"
    EVIDENCE_UPLOAD = "evidence_upload"
    EVALUATION_SUBMIT = "evaluation_submit"
    VOTE_CODES_ISSUE = "vote_codes_issue"
    SURVEY_OPEN = "survey_open"
    SURVEY_CLOSE = "survey_close"
    TRANSITION = "transition"
    REVISION = "revision"
    OBJECTION_FILE = "objection_file"
    OBJECTION_ANSWER = "objection_answer"
    OPINION_GIVE = "opinion_give"
    RECOMMENDATION = "recommendation"
    APPROVAL = "approval"
    EVALUATION_WITHDRAW = "evaluation_withdraw"
    CAMPAIGN_COMPLETE = "campaign_complete"
    REVIEW_CHECK = "review_check"
    # Secretaries' star management
    STAR_RULE_SET_LOAD = "star_rule_set_load"
    STAR_CHANGE_PROPOSE = "star_change_propose"
    STAR_CHANGE_DECIDE = "star_change_decide"
    STAR_REMOVE = "star_remove"
    STAR_CHANGE_UNDO = "star_change_undo"
    STAR_CYCLE_OPEN = "star_cycle_open"
    STAR_LEVELS_APPROVE = "star_levels_approve"
    STAR_LEVELS_FILE = "star_levels_file"
    SUPERVISION_SET = "supervision_set"


EVALUATION_AUDIT_ACTION_LABELS = {
    EvaluationAuditAction.CAMPAIGN_CREATE: _("Campaign created"),
    EvaluationAuditAction.CAMPAIGN_OPEN: _("Campaign opened"),
    EvaluationAuditAction.CAMPAIGN_SETUP: _("Campaign stages and departments set"),
    EvaluationAuditAction.PERSONALISED_SET: _("Personalised sub-items set"),
    EvaluationAuditAction.SCORES_SAVE: _("Scores saved"),
    EvaluationAuditAction.EVIDENCE_UPLOAD: _("Evidence uploaded"),
    EvaluationAuditAction.EVALUATION_SUBMIT: _("Evaluation submitted"),
    EvaluationAuditAction.VOTE_CODES_ISSUE: _("Vote codes issued"),
    EvaluationAuditAction.SURVEY_OPEN: _("Satisfaction survey opened"),
    EvaluationAuditAction.SURVEY_CLOSE: _("Satisfaction survey closed"),
    EvaluationAuditAction.TRANSITION: _("Stage transition"),
    EvaluationAuditAction.REVISION: _("Revision after approval"),
    EvaluationAuditAction.OBJECTION_FILE: _("Objection filed"),
    EvaluationAuditAction.OBJECTION_ANSWER: _("Objection answered"),
    EvaluationAuditAction.OPINION_GIVE: _("Department opinion given"),
    EvaluationAuditAction.RECOMMENDATION: _("Recommended list built"),
    EvaluationAuditAction.APPROVAL: _("Recommended list approved"),
    EvaluationAuditAction.EVALUATION_WITHDRAW: _("Evaluation withdrawn from the rating"),
    EvaluationAuditAction.CAMPAIGN_COMPLETE: _("Campaign complete"),
    EvaluationAuditAction.REVIEW_CHECK: _("Review checks recorded"),
    # Secretaries' star management
    EvaluationAuditAction.STAR_RULE_SET_LOAD: _("Secretary star rule set loaded"),
    EvaluationAuditAction.STAR_CHANGE_PROPOSE: _("Secretary star change proposed"),
    EvaluationAuditAction.STAR_CHANGE_DECIDE: _("Secretary star change decided"),
    EvaluationAuditAction.STAR_REMOVE: _("Secretary stars removed"),
    EvaluationAuditAction.STAR_CHANGE_UNDO: _("Secretary star change undone"),
    EvaluationAuditAction.STAR_CYCLE_OPEN: _("Secretary star year opened"),
    EvaluationAuditAction.STAR_LEVELS_APPROVE: _("Secretary star levels approved"),
    EvaluationAuditAction.STAR_LEVELS_FILE: _("Secretary star levels filed"),
    EvaluationAuditAction.SUPERVISION_SET: _("Admonition supervision set"),
}


# The rewards ledger that follows a secretary's stars (seed 001).
class RewardAuditAction(StrEnum):
    REWARDS_COMPUTE = "rewards_compute"
    REWARD_CORRECTION = "reward_correction"


EVALUATION_AUDIT_ACTION_LABELS |= {
    RewardAuditAction.REWARDS_COMPUTE: _("Rewards ledgers computed"),
    RewardAuditAction.REWARD_CORRECTION: _("Rewards ledger corrected by hand"),
}
