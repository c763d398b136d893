from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("orgs.urls")),
    path("", include("evaluations.urls")),
    path("", include("evaluations.urls_votes")),
    path("", include("evaluations.urls_review")),
    path("", include("evaluations.urls_publicity")),
    path("", include("evaluations.urls_approval")),
    path("", include("evaluations.urls_worklist")),
    path("api/v1/", include("starrating.api_urls")),
]
