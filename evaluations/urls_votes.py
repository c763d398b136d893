"""Satisfaction votes: the resident's short links under /v/, the survey pages under /surveys/."""

from django.urls import path

from evaluations import vote_views

urlpatterns = [
    path("v/", vote_views.vote_ballot, name="vote_ballot"),
    path("v/thanks/", vote_views.vote_thanks, name="vote_thanks"),
    path("v/<slug:code>/", vote_views.vote_code_enter, name="vote_code_enter"),
    path("surveys/", vote_views.survey_list, name="survey_list"),
    path("surveys/<int:pk>/", vote_views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/vote/", vote_views.survey_member_vote, name="survey_member_vote"),
    path("surveys/<int:pk>/codes/", vote_views.vote_codes_print, name="vote_codes_print"),
    path("surveys/<int:pk>/close/", vote_views.survey_close_view, name="survey_close"),
    path("evaluations/<int:pk>/surveys/new/", vote_views.survey_new, name="survey_new"),
]
