from django.contrib.auth import views as auth_views
from django.urls import path

from orgs.views import accounts, pages, rosters

urlpatterns = [
    path("orgs/", pages.org_tree, name="org_tree"),
    path("orgs/<int:pk>/", pages.org_detail, name="org_detail"),
    path("orgs/<int:pk>/children/", pages.org_children, name="org_children"),
    path("members/", pages.member_list, name="member_list"),
    path("members/<int:pk>/", pages.member_detail, name="member_detail"),
    path("members/<int:pk>/reveal/<str:field>/", pages.reveal_number, name="member_reveal"),
    path("rosters/import/", rosters.roster_import, name="roster_import"),
    path("rosters/import/<int:pk>/", rosters.roster_import_detail, name="roster_import_detail"),
    path("rosters/import/<int:pk>/progress/", rosters.roster_import_progress, name="roster_import_progress"),
    path("rosters/export/", rosters.roster_export, name="roster_export"),
    path("rosters/template/<str:kind>/", rosters.roster_template_download, name="roster_template"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
]
