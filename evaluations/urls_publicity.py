"""Routes of the publicity pages: the public page under /publicity/ (no login) and the street's pages."""

from django.urls import path

from evaluations import publicity_views

urlpatterns = [
    path(
        "publicity/<int:campaign_id>/<str:street_code>/",
        publicity_views.publicity_public,
        name="publicity_public",
    ),
    path(
        "publicity/<int:campaign_id>/<str:street_code>/manage/",
        publicity_views.publicity_manage,
        name="publicity_manage",
    ),
    path(
        "publicity/<int:campaign_id>/<str:street_code>/close/",
        publicity_views.publicity_close_view,
        name="publicity_close",
    ),
    path(
        "publicity/<int:campaign_id>/<str:street_code>/notice.pdf",
        publicity_views.publicity_notice,
        name="publicity_notice",
    ),
    path("objections/<int:pk>/answer/", publicity_views.objection_answer_view, name="objection_answer"),
]
