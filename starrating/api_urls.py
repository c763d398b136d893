"""/api/v1/: the read-only JSON API, its OpenAPI schema and a docs page served without a CDN."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from evaluations.api.annual_assessment import SecretaryStarAssessmentViewSet
from evaluations.api.consequence_runs import ConsequenceRunView
from evaluations.api.democratic_votes import DemocraticVoteViewSet
from evaluations.api.followups import FollowUpViewSet
from evaluations.api.fortress import FortressTrendViewSet
from evaluations.api.nominations import AwardNominationViewSet
from evaluations.api.objections import ObjectionViewSet
from evaluations.api.opinions import OpinionViewSet
from evaluations.api.pioneer import PioneerResultViewSet
from evaluations.api.recommended import RecommendedListViewSet
from evaluations.api.rectification import RectificationCaseViewSet
from evaluations.api.review import StageViewSet, TransitionViewSet
from evaluations.api.reward_circumstances import RewardCircumstanceChangeViewSet
from evaluations.api.rewards import RewardEntryViewSet
from evaluations.api.secretary_stars import SecretaryStarChangeViewSet, SecretaryStarRecordViewSet
from evaluations.api.views import CampaignViewSet, EvaluationViewSet
from evaluations.api.votes import SurveyViewSet
from evaluations.api.whatif import WhatIfViewSet
from orgs.api.views import (
    API_AUTHENTICATION,
    ApiNotFoundView,
    ApiRootView,
    CurrentUserTokenView,
    CurrentUserView,
    MemberViewSet,
    OrganizationViewSet,
    SecretaryViewSet,
)


class ApiRouter(DefaultRouter):
    """The router's index answers like every other route: token or session, JSON only."""

    APIRootView = ApiRootView
    include_format_suffixes = False


router = ApiRouter()
router.register("organizations", OrganizationViewSet, basename="api-organization")
router.register("members", MemberViewSet, basename="api-member")
router.register("secretaries", SecretaryViewSet, basename="api-secretary")
router.register("surveys", SurveyViewSet, basename="api-survey")
router.register("campaigns", CampaignViewSet, basename="api-campaign")
router.register("evaluations", EvaluationViewSet, basename="api-evaluation")
router.register("stages", StageViewSet, basename="api-stage")
router.register("transitions", TransitionViewSet, basename="api-transition")
router.register("objections", ObjectionViewSet, basename="api-objection")
router.register("opinions", OpinionViewSet, basename="api-opinion")
router.register("recommended-lists", RecommendedListViewSet, basename="api-recommended-list")
# The fortress index month by month
router.register("fortress-trends", FortressTrendViewSet, basename="api-fortress-trend")
# Follow-up per final pioneer-index grade
router.register("follow-ups", FollowUpViewSet, basename="api-follow-up")
router.register("reward-entries", RewardEntryViewSet, basename="api-reward-entry")
router.register(
    "reward-circumstance-changes", RewardCircumstanceChangeViewSet, basename="api-reward-circumstance-change"
)
router.register("secretary-star-records", SecretaryStarRecordViewSet, basename="api-secretary-star-record")
router.register("secretary-star-changes", SecretaryStarChangeViewSet, basename="api-secretary-star-change")
router.register("secretary-star-assessments", SecretaryStarAssessmentViewSet, basename="api-secretary-star-assessment")
router.register("pioneer-results", PioneerResultViewSet, basename="api-pioneer-result")
router.register("democratic-votes", DemocraticVoteViewSet, basename="api-democratic-vote")
router.register("what-ifs", WhatIfViewSet, basename="api-what-if")
# Rectification to close-out (整改销号)
router.register("rectification-cases", RectificationCaseViewSet, basename="api-rectification-case")
# Award nominations (评先评优)
router.register("award-nominations", AwardNominationViewSet, basename="api-award-nomination")

urlpatterns = [
    *router.urls,
    path("me/", CurrentUserView.as_view(), name="api-me"),
    path("me/token/", CurrentUserTokenView.as_view(), name="api-me-token"),
    # The consequence job: its last run, and a run on demand
    path("consequence-runs/", ConsequenceRunView.as_view(), name="api-consequence-runs"),
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=API_AUTHENTICATION, permission_classes=[IsAuthenticated]),
        name="api-schema",
    ),
    # The split view serves its init script as a file of its own and the template has no inline style:
    # the page runs under script-src 'self' and style-src 'self'.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema",
            template_name="api/swagger_ui.html",
            authentication_classes=API_AUTHENTICATION,
            permission_classes=[IsAuthenticated],
        ),
        name="api-docs",
    ),
    # Last: what no route above matches answers 404 as JSON, like the API's other errors.
    re_path(r"^(?P<rest>.*)$", ApiNotFoundView.as_view(), name="api-not-found"),
]
