"""Routes of the approval pages (filled in with their views)."""

from django.urls import path

from evaluations import approval_views, consultation_views

urlpatterns: list = [
    path("campaigns/<int:pk>/ranking/", approval_views.campaign_ranking_view, name="campaign_ranking"),
    path("campaigns/<int:pk>/ranking.xlsx", approval_views.campaign_ranking_export, name="campaign_ranking_export"),
    path("campaigns/<int:pk>/recommended/", approval_views.recommended_list_view, name="recommended_list"),
    path(
        "campaigns/<int:pk>/recommended/build/",
        approval_views.recommended_list_build_view,
        name="recommended_list_build",
    ),
    path("campaigns/<int:pk>/recommended/cap/", approval_views.five_star_cap_view, name="five_star_cap_set"),
    path("campaigns/<int:pk>/recommended/penalties/", approval_views.quota_penalty_set_view, name="quota_penalty_set"),
    path(
        "campaigns/<int:pk>/recommended/submit/",
        approval_views.recommended_list_submit_view,
        name="recommended_list_submit",
    ),
    path(
        "campaigns/<int:pk>/recommended/withdraw/",
        approval_views.recommended_list_withdraw_view,
        name="recommended_list_withdraw",
    ),
    path(
        "campaigns/<int:pk>/recommended/approve/",
        approval_views.recommended_list_approve_view,
        name="recommended_list_approve",
    ),
    path(
        "recommended/entries/<int:pk>/stars/",
        approval_views.recommended_entry_stars_view,
        name="recommended_entry_stars",
    ),
    path("quota-penalties/<int:pk>/delete/", approval_views.quota_penalty_delete_view, name="quota_penalty_delete"),
    path("campaigns/<int:pk>/results/", approval_views.published_results_view, name="published_results"),
    # The joint review ("X+2"): a campaign's stages and departments, the departments' opinions, the overview.
    path("campaigns/<int:pk>/stages/", consultation_views.campaign_stages_view, name="campaign_stages"),
    path(
        "campaigns/<int:pk>/consultation/opinions/",
        consultation_views.consultation_opinions_view,
        name="consultation_opinions",
    ),
    path(
        "campaigns/<int:pk>/consultation/", consultation_views.consultation_overview_view, name="consultation_overview"
    ),
    path(
        "campaigns/<int:pk>/consultation/close/", consultation_views.consultation_close_view, name="consultation_close"
    ),
]
