from django.urls import path

from evaluations import campaign_views, evidence_views, views

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_views.campaign_create_view, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_evaluations, name="campaign_evaluations"),
    path("campaigns/<int:pk>/open/", views.campaign_open_view, name="campaign_open"),
    path("campaigns/<int:pk>/compute/", views.campaign_compute_view, name="campaign_compute"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/scores/", views.evaluation_scores, name="evaluation_scores"),
    path("evaluations/<int:pk>/personalised/", campaign_views.personalised_items_view, name="personalised_items"),
    path("evaluations/<int:pk>/evidence/", evidence_views.evidence_upload, name="evidence_upload"),
    path("evaluations/<int:pk>/submit/", evidence_views.evaluation_submit_view, name="evaluation_submit"),
    path("evidence/<int:pk>/", evidence_views.evidence_download, name="evidence_download"),
]
