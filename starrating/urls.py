from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("orgs.urls")),
    path("", include("evaluations.urls")),
    path("api/v1/", include("starrating.api_urls")),
]
