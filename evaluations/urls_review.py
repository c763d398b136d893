"""Routes of the review pages: the live preview, transitions, the street list and the ledger."""

from django.urls import path

from evaluations import review_views

urlpatterns = [
    path("evaluations/<int:pk>/preview/", review_views.evaluation_preview_view, name="evaluation_preview"),
    path("evaluations/<int:pk>/transition/", review_views.evaluation_transition_view, name="evaluation_transition"),
    path("campaigns/<int:pk>/streets/", review_views.campaign_streets_view, name="campaign_streets"),
    path(
        "campaigns/<int:pk>/streets/<int:street_pk>/submit-reviewed/",
        review_views.street_submit_reviewed_view,
        name="street_submit_reviewed",
    ),
    path(
        "campaigns/<int:pk>/streets/<int:street_pk>/ledger.<str:fmt>",
        review_views.street_ledger_view,
        name="street_ledger",
    ),
]
