"""/api/v1/: the read-only JSON API, its OpenAPI schema and a docs page served without a CDN."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import SimpleRouter

from orgs.api.views import CurrentUserView, MemberViewSet, OrganizationViewSet, SecretaryViewSet

router = SimpleRouter()
router.register("organizations", OrganizationViewSet, basename="api-organization")
router.register("members", MemberViewSet, basename="api-member")
router.register("secretaries", SecretaryViewSet, basename="api-secretary")

urlpatterns = [
    *router.urls,
    path("me/", CurrentUserView.as_view(), name="api-me"),
    path(
        "schema/",
        SpectacularAPIView.as_view(
            authentication_classes=[TokenAuthentication, SessionAuthentication], permission_classes=[IsAuthenticated]
        ),
        name="api-schema",
    ),
    # The split view serves its init script as a file of its own: the page runs under script-src 'self'.
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
]
