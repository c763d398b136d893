"""Every page of the evaluation process, one route table; each view module serves one area."""

from django.urls import path

from evaluations.views import (
    approval,
    campaigns,
    consultation,
    democratic_votes,
    evaluations,
    evidence,
    followups,
    fortress,
    personalised,
    pioneer_branch,
    pioneer_member,
    publicity,
    ranking,
    review,
    scores,
    secretaries,
    secretary_star_assessment,
    secretary_star_changes,
    secretary_star_cycle,
    secretary_stars,
    votes,
    whatif,
    worklist,
)

app_name = "evaluations"

urlpatterns = [
    # Campaigns
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create_view, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_evaluations, name="campaign_evaluations"),
    path("campaigns/<int:pk>/open/", campaigns.campaign_open_view, name="campaign_open"),
    path("campaigns/<int:pk>/compute/", campaigns.campaign_compute_view, name="campaign_compute"),
    # Policy what-if: a template's numbers changed and tried on a campaign, then adopted as a new version
    path("what-if/", whatif.what_if_list, name="what_if_list"),
    path("what-if/templates/<int:pk>/", whatif.what_if_new, name="what_if_new"),
    path("what-if/<int:pk>/", whatif.what_if_detail, name="what_if_detail"),
    path("what-if/<int:pk>/export/", whatif.what_if_export, name="what_if_export"),
    path("what-if/<int:pk>/adopt/", whatif.what_if_adopt, name="what_if_adopt"),
    # … and a consequence rule set's rules tried on the approved results of the district
    path("what-if/rule-sets/<int:pk>/", whatif.rule_set_what_if_new, name="rule_set_what_if_new"),
    path("what-if/rule-set-runs/<int:pk>/", whatif.rule_set_what_if_detail, name="rule_set_what_if_detail"),
    path(
        "what-if/rule-set-runs/<int:pk>/export/",
        whatif.rule_set_what_if_export,
        name="rule_set_what_if_export",
    ),
    path(
        "what-if/rule-set-runs/<int:pk>/adopt/",
        whatif.rule_set_what_if_adopt,
        name="rule_set_what_if_adopt",
    ),
    # One evaluation: its page, transitions, history, score sheet, evidence, personalised sub-items
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/transition/", evaluations.evaluation_transition_view, name="evaluation_transition"),
    path("evaluations/<int:pk>/history/", evaluations.evaluation_history_view, name="evaluation_history"),
    path("evaluations/<int:pk>/scores/", scores.evaluation_scores, name="evaluation_scores"),
    path("evaluations/<int:pk>/preview/", scores.evaluation_preview_view, name="evaluation_preview"),
    path("evaluations/<int:pk>/personalised/", personalised.personalised_items_view, name="personalised_items"),
    path("evaluations/<int:pk>/evidence/", evidence.evidence_upload, name="evidence_upload"),
    path("evaluations/<int:pk>/submit/", evidence.evaluation_submit_view, name="evaluation_submit"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
    # A secretary's ratings across campaigns and tenures
    path("secretaries/<int:pk>/results/", secretaries.secretary_results, name="secretary_results"),
    # The street's review: its list, "submit all reviewed" and the ledger
    path("campaigns/<int:pk>/streets/", review.campaign_streets_view, name="campaign_streets"),
    path(
        "campaigns/<int:pk>/streets/<int:street_pk>/submit-reviewed/",
        review.street_submit_reviewed_view,
        name="street_submit_reviewed",
    ),
    path(
        "campaigns/<int:pk>/streets/<int:street_pk>/ledger.<str:fmt>",
        review.street_ledger_view,
        name="street_ledger",
    ),
    # Satisfaction votes: the resident's short links under /v/, the survey pages under /surveys/
    path("v/", votes.vote_ballot, name="vote_ballot"),
    path("v/thanks/", votes.vote_thanks, name="vote_thanks"),
    path("v/<slug:code>/", votes.vote_code_enter, name="vote_code_enter"),
    path("surveys/", votes.survey_list, name="survey_list"),
    path("surveys/<int:pk>/", votes.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/vote/", votes.survey_member_vote, name="survey_member_vote"),
    path("surveys/<int:pk>/codes/", votes.vote_codes_print, name="vote_codes_print"),
    path("surveys/<int:pk>/close/", votes.survey_close_view, name="survey_close"),
    path("evaluations/<int:pk>/surveys/new/", votes.survey_new, name="survey_new"),
    # Publicity: the public page (no login) and the street's pages
    path("publicity/<int:campaign_id>/<str:street_code>/", publicity.publicity_public, name="publicity_public"),
    path("publicity/<int:campaign_id>/<str:street_code>/manage/", publicity.publicity_manage, name="publicity_manage"),
    path(
        "publicity/<int:campaign_id>/<str:street_code>/close/", publicity.publicity_close_view, name="publicity_close"
    ),
    path(
        "publicity/<int:campaign_id>/<str:street_code>/notice.pdf",
        publicity.publicity_notice,
        name="publicity_notice",
    ),
    path("objections/<int:pk>/answer/", publicity.objection_answer_view, name="objection_answer"),
    # The joint review ("X+2"): the campaign's stages and departments, the departments' opinions, the overview
    path("campaigns/<int:pk>/stages/", consultation.campaign_stages_view, name="campaign_stages"),
    path(
        "campaigns/<int:pk>/consultation/opinions/",
        consultation.consultation_opinions_view,
        name="consultation_opinions",
    ),
    path("campaigns/<int:pk>/consultation/", consultation.consultation_overview_view, name="consultation_overview"),
    path("campaigns/<int:pk>/consultation/close/", consultation.consultation_close_view, name="consultation_close"),
    # Ranking, the recommended list and its approval, the published results
    path("campaigns/<int:pk>/ranking/", ranking.campaign_ranking_view, name="campaign_ranking"),
    path("campaigns/<int:pk>/ranking.xlsx", ranking.campaign_ranking_export, name="campaign_ranking_export"),
    path("campaigns/<int:pk>/results/", ranking.published_results_view, name="published_results"),
    path("campaigns/<int:pk>/recommended/", approval.recommended_list_view, name="recommended_list"),
    path("campaigns/<int:pk>/recommended/build/", approval.recommended_list_build_view, name="recommended_list_build"),
    path("campaigns/<int:pk>/recommended/cap/", approval.five_star_cap_view, name="five_star_cap_set"),
    path("campaigns/<int:pk>/recommended/penalties/", approval.quota_penalty_set_view, name="quota_penalty_set"),
    path(
        "campaigns/<int:pk>/recommended/submit/", approval.recommended_list_submit_view, name="recommended_list_submit"
    ),
    path(
        "campaigns/<int:pk>/recommended/withdraw/",
        approval.recommended_list_withdraw_view,
        name="recommended_list_withdraw",
    ),
    path(
        "campaigns/<int:pk>/recommended/approve/",
        approval.recommended_list_approve_view,
        name="recommended_list_approve",
    ),
    path("recommended/entries/<int:pk>/stars/", approval.recommended_entry_stars_view, name="recommended_entry_stars"),
    path(
        "recommended/entries/<int:pk>/remove/", approval.recommended_entry_remove_view, name="recommended_entry_remove"
    ),
    path(
        "campaigns/<int:pk>/recommended/withdraw-evaluation/",
        approval.evaluation_withdraw_view,
        name="evaluation_withdraw",
    ),
    path("quota-penalties/<int:pk>/delete/", approval.quota_penalty_delete_view, name="quota_penalty_delete"),
    # Work list, notifications
    path("worklist/", worklist.worklist, name="worklist"),
    path("notifications/", worklist.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", worklist.notification_read, name="notification_read"),
    path("notifications/read/", worklist.notifications_read_all, name="notifications_read_all"),
    # The fortress index month by month: the trend, its export, next month's campaigns
    path("campaigns/<int:pk>/fortress/", fortress.fortress_trend_view, name="fortress_trend"),
    path("campaigns/<int:pk>/fortress.xlsx", fortress.fortress_trend_export, name="fortress_trend_export"),
    path("campaigns/<int:pk>/fortress/next-month/", fortress.fortress_month_open_next_view, name="fortress_next_month"),
    # Follow-up per final pioneer-index grade: commendation, paired help, disposal; the honours priority list
    path("follow-ups/", followups.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/", followups.follow_up_detail, name="follow_up_detail"),
    path("follow-ups/honours.xlsx", followups.honours_priority_export, name="honours_priority_export"),
    # The democratic vote (民主测评) of a member campaign: the member's sheet, the branch's vote and paper results
    path("democratic-votes/", democratic_votes.democratic_vote_list, name="democratic_vote_list"),
    path("democratic-votes/<int:pk>/", democratic_votes.democratic_vote_detail, name="democratic_vote_detail"),
    path("democratic-votes/<int:pk>/sheet/", democratic_votes.democratic_sheet, name="democratic_sheet"),
    path("democratic-votes/<int:pk>/close/", democratic_votes.democratic_vote_close_view, name="democratic_vote_close"),
    path("democratic-votes/<int:pk>/paper/", democratic_votes.democratic_paper_results, name="democratic_paper"),
    path("evaluations/<int:pk>/democratic-vote/", democratic_votes.democratic_vote_start, name="democratic_vote_start"),
]

# Pioneer index (先锋指数): the member's pages, the branch's and the street's, and the public publicity page
urlpatterns += [
    path("pioneer/mine/", pioneer_member.my_pioneer, name="pioneer_mine"),
    path("pioneer/evaluations/<int:pk>/self/", pioneer_member.self_evaluation, name="pioneer_self_evaluation"),
    path("pioneer/evaluations/<int:pk>/grade/", pioneer_member.my_grade, name="pioneer_my_grade"),
    path("pioneer/evaluations/<int:pk>/review/", pioneer_branch.member_review_view, name="pioneer_review"),
    path("pioneer/campaigns/<int:pk>/branches/<int:branch_pk>/", pioneer_branch.branch_view, name="pioneer_branch"),
    path(
        "pioneer/campaigns/<int:pk>/branches/<int:branch_pk>/advance/",
        pioneer_branch.branch_advance_view,
        name="pioneer_branch_advance",
    ),
    path("pioneer/campaigns/<int:pk>/results/", pioneer_branch.results_view, name="pioneer_results"),
    path("pioneer/campaigns/<int:pk>/results.xlsx", pioneer_branch.results_export, name="pioneer_results_export"),
    path(
        "pioneer/campaigns/<int:pk>/streets/<int:street_pk>/finalize/",
        pioneer_branch.finalize_view,
        name="pioneer_finalize",
    ),
    path(
        "pioneer/publicity/<int:campaign_id>/<str:street_code>/",
        pioneer_member.pioneer_publicity,
        name="pioneer_publicity",
    ),
    # Secretaries' star management (Jinyuan): the year's board, the history, changes, lists and the yearly cycle
    path("secretary-stars/", secretary_stars.secretary_star_board, name="secretary_star_board"),
    path("secretary-stars/lists/", secretary_stars.secretary_star_lists, name="secretary_star_lists"),
    path("secretary-stars/lists.xlsx", secretary_stars.secretary_star_lists_export, name="secretary_star_lists_export"),
    path(
        "secretary-stars/records/<int:pk>/supervision/",
        secretary_stars.secretary_supervision_set_view,
        name="secretary_supervision_set",
    ),
    path("secretaries/<int:pk>/stars/", secretary_stars.secretary_star_history_view, name="secretary_star_history"),
    path(
        "secretaries/<int:pk>/stars/propose/",
        secretary_star_changes.secretary_star_propose,
        name="secretary_star_propose",
    ),
    path(
        "secretaries/<int:pk>/stars/remove/", secretary_star_changes.secretary_star_remove, name="secretary_star_remove"
    ),
    path(
        "secretary-stars/changes/<int:pk>/decide/",
        secretary_star_changes.secretary_star_change_decide,
        name="secretary_star_change_decide",
    ),
    path(
        "secretary-stars/changes/<int:pk>/undo/",
        secretary_star_changes.secretary_star_change_undo,
        name="secretary_star_change_undo",
    ),
    path(
        "secretary-stars/evidence/<int:pk>/",
        secretary_star_changes.secretary_star_evidence,
        name="secretary_star_evidence",
    ),
    path("secretary-stars/years/", secretary_star_cycle.secretary_star_cycles, name="secretary_star_cycles"),
    path(
        "secretary-stars/years/<int:pk>/approve/",
        secretary_star_cycle.secretary_star_cycle_approve,
        name="secretary_star_cycle_approve",
    ),
    path(
        "secretary-stars/years/<int:pk>/file/",
        secretary_star_cycle.secretary_star_cycle_file,
        name="secretary_star_cycle_file",
    ),
    path(
        "secretary-stars/assessment/<int:pk>/propose/",
        secretary_star_assessment.secretary_star_assessment_propose,
        name="secretary_star_assessment_propose",
    ),
    path(
        "secretary-stars/assessment/<int:pk>/<int:year>.xlsx",
        secretary_star_assessment.secretary_star_assessment_export,
        name="secretary_star_assessment_export",
    ),
    path(
        "secretary-stars/years/<int:pk>/filing.pdf",
        secretary_star_cycle.secretary_star_filing_sheet,
        name="secretary_star_filing_sheet",
    ),
]

# The rewards ledger that follows a secretary's stars (seed 001)
from evaluations.views import rewards  # noqa: E402

urlpatterns += [
    path("secretaries/<int:pk>/rewards/", rewards.secretary_rewards, name="secretary_rewards"),
    path("secretaries/<int:pk>/rewards/correct/", rewards.secretary_reward_correct, name="secretary_reward_correct"),
    path("rewards/", rewards.rewards_index, name="rewards_index"),
    path("rewards/<int:pk>/<int:year>/", rewards.rewards_table_view, name="rewards_table"),
    path("rewards/<int:pk>/<int:year>/export/", rewards.rewards_table_export, name="rewards_table_export"),
    path("rewards/<int:pk>/<int:year>/compute/", rewards.rewards_compute_view, name="rewards_compute"),
]

# The district's overview (全区概览) and its meeting-room display
from evaluations.views import overview  # noqa: E402

urlpatterns += [path("overview/", overview.district_overview, name="district_overview")]

# The circumstances the money needs: a normal departure, collective economy growth (seed 001)
from evaluations.views import reward_circumstances  # noqa: E402

urlpatterns += [
    path(
        "secretaries/<int:pk>/rewards/circumstances/",
        reward_circumstances.secretary_reward_circumstances,
        name="secretary_reward_circumstances",
    ),
    path("rewards/circumstances/", reward_circumstances.reward_circumstance_list, name="reward_circumstance_list"),
    path(
        "rewards/circumstances/<int:pk>/decide/",
        reward_circumstances.reward_circumstance_decide_view,
        name="reward_circumstance_decide",
    ),
    path(
        "rewards/circumstances/evidence/<int:pk>/",
        reward_circumstances.reward_circumstance_evidence,
        name="reward_circumstance_evidence",
    ),
]

# Rectification to close-out (整改销号): the cases, their ledger, opening one, a case's page and its evidence
from evaluations.views import rectification, rectification_case  # noqa: E402

urlpatterns += [
    path("rectification/", rectification.rectification_list, name="rectification_list"),
    path("rectification/ledger.xlsx", rectification.rectification_export, name="rectification_export"),
    path("rectification/new/", rectification.rectification_open, name="rectification_open"),
    path("rectification/<int:pk>/", rectification_case.rectification_detail, name="rectification_detail"),
    path(
        "rectification/evidence/<int:pk>/",
        rectification_case.rectification_evidence,
        name="rectification_evidence",
    ),
]

# The consequence lists (结果运用清单): the active consequences in scope by list, and their .xlsx
from evaluations.views import consequence_lists  # noqa: E402

urlpatterns += [
    path("consequences/", consequence_lists.consequence_list, name="consequence_list"),
    path("consequences/lists.xlsx", consequence_lists.consequence_export, name="consequence_export"),
    path("consequences/run/", consequence_lists.consequence_run, name="consequence_run"),
]

# Forecasts (后果预警): what an organization's next result would trigger
from evaluations.views import forecasts  # noqa: E402

urlpatterns += [
    path("organizations/<int:pk>/forecast/", forecasts.organization_forecast, name="organization_forecast"),
]

# Award nominations (评先评优): the list and its .xlsx, nominating, the district's decision, withdrawing
from evaluations.views import nominations  # noqa: E402

urlpatterns += [
    path("nominations/", nominations.nomination_list, name="nomination_list"),
    path("nominations/list.xlsx", nominations.nomination_export, name="nomination_export"),
    path("nominations/new/", nominations.nomination_create, name="nomination_create"),
    path("nominations/<int:pk>/decide/", nominations.nomination_decide, name="nomination_decide"),
    path("nominations/<int:pk>/withdraw/", nominations.nomination_withdraw, name="nomination_withdraw"),
]
