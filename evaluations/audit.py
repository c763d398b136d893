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
    DEMOCRATIC_VOTE_OPEN = "democratic_vote_open"
    DEMOCRATIC_VOTE_CLOSE = "democratic_vote_close"
    DEMOCRATIC_VOTE_PAPER = "democratic_vote_paper"
    # Pioneer index (先锋指数)
    PIONEER_SELF_EVALUATION = "pioneer_self_evaluation"
    PIONEER_REVIEW = "pioneer_review"
    PIONEER_GRADES_COMPUTE = "pioneer_grades_compute"
    PIONEER_GRADES_FINALIZE = "pioneer_grades_finalize"
    # The fortress index month by month
    FORTRESS_MONTH_OPEN = "fortress_month_open"
    # Follow-up per final pioneer-index grade
    FOLLOW_UP_OPEN = "follow_up_open"
    FOLLOW_UP_CHANGE = "follow_up_change"
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
    STAR_ASSESSMENT_PROPOSE = "star_assessment_propose"
    # Policy what-ifs
    WHAT_IF_RUN = "what_if_run"
    WHAT_IF_ADOPT = "what_if_adopt"
    # Rectification to close-out (整改销号)
    RECTIFICATION_OPEN = "rectification_open"
    RECTIFICATION_STEP = "rectification_step"
    RECTIFICATION_OVERDUE = "rectification_overdue"
    RECTIFICATION_WITHDRAWN = "rectification_withdrawn"
    # Consequences of the approved results
    CONSEQUENCES_APPLY = "consequences_apply"
    CONSEQUENCES_RUN_REQUEST = "consequences_run_request"
    # Award nominations (评先评优)
    AWARD_NOMINATE = "award_nominate"
    AWARD_NOMINATION_DECIDE = "nomination_decide"
    AWARD_NOMINATION_WITHDRAW = "nomination_withdraw"


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
    EvaluationAuditAction.DEMOCRATIC_VOTE_OPEN: _("Democratic vote opened"),
    EvaluationAuditAction.DEMOCRATIC_VOTE_CLOSE: _("Democratic vote closed"),
    EvaluationAuditAction.DEMOCRATIC_VOTE_PAPER: _("Democratic vote paper results entered"),
    # Pioneer index (先锋指数)
    EvaluationAuditAction.PIONEER_SELF_EVALUATION: _("Pioneer index self-evaluation submitted"),
    EvaluationAuditAction.PIONEER_REVIEW: _("Pioneer index branch review submitted"),
    EvaluationAuditAction.PIONEER_GRADES_COMPUTE: _("Pioneer index grades computed"),
    EvaluationAuditAction.PIONEER_GRADES_FINALIZE: _("Pioneer index grades made final"),
    # The fortress index month by month
    EvaluationAuditAction.FORTRESS_MONTH_OPEN: _("Next month's fortress campaigns opened"),
    # Follow-up per final pioneer-index grade
    EvaluationAuditAction.FOLLOW_UP_OPEN: _("Follow-up opened for final grades"),
    EvaluationAuditAction.FOLLOW_UP_CHANGE: _("Follow-up recorded"),
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
    EvaluationAuditAction.STAR_ASSESSMENT_PROPOSE: _("Annual assessment base-star proposals made"),
    EvaluationAuditAction.WHAT_IF_RUN: _("Policy what-if run"),
    EvaluationAuditAction.WHAT_IF_ADOPT: _("Policy what-if adopted as a new template version"),
    # Rectification to close-out (整改销号)
    EvaluationAuditAction.RECTIFICATION_OPEN: _("Rectification case opened"),
    EvaluationAuditAction.RECTIFICATION_STEP: _("Rectification case step recorded"),
    EvaluationAuditAction.RECTIFICATION_OVERDUE: _("Overdue rectification case reminded"),
    EvaluationAuditAction.RECTIFICATION_WITHDRAWN: _("Rectification cases withdrawn with their consequences"),
    EvaluationAuditAction.CONSEQUENCES_APPLY: _("Consequence rules applied"),
    EvaluationAuditAction.CONSEQUENCES_RUN_REQUEST: _("Consequence rules rerun on demand"),
    # Award nominations (评先评优)
    EvaluationAuditAction.AWARD_NOMINATE: _("Nominated for an award"),
    EvaluationAuditAction.AWARD_NOMINATION_DECIDE: _("Award nomination confirmed or rejected"),
    EvaluationAuditAction.AWARD_NOMINATION_WITHDRAW: _("Award nomination withdrawn"),
}


# The rewards ledger that follows a secretary's stars (seed 001).
class RewardAuditAction(StrEnum):
    REWARDS_COMPUTE = "rewards_compute"
    REWARD_CORRECTION = "reward_correction"
    CIRCUMSTANCE_PROPOSE = "circumstance_propose"
    CIRCUMSTANCE_DECIDE = "circumstance_decide"


EVALUATION_AUDIT_ACTION_LABELS |= {
    RewardAuditAction.REWARDS_COMPUTE: _("Rewards ledgers computed"),
    RewardAuditAction.REWARD_CORRECTION: _("Rewards ledger corrected by hand"),
    RewardAuditAction.CIRCUMSTANCE_PROPOSE: _("Reward circumstance recorded by the street"),
    RewardAuditAction.CIRCUMSTANCE_DECIDE: _("Reward circumstance confirmed or rejected"),
}
