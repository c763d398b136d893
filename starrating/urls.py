from django.contrib import admin
from django.urls import include, path

from evaluations.views import dashboard

urlpatterns = [
    path("admin/", admin.site.urls),
    # Every role's home is its dashboard: the evaluation process's work and progress beside orgs' own panels.
    path("", dashboard.home, name="home"),
    path("", include("orgs.urls")),
    path("", include("evaluations.urls")),
    path("api/v1/", include("starrating.api_urls")),
]
