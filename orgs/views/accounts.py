"""Login and password change, in Chinese; lockout is django-axes' job (see settings)."""

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy

from orgs.models import AuditAction
from orgs.services.audit import audit_record


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Also the forced change after a first login with an initial password."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            user = form.user
            if user.must_change_password:
                user.must_change_password = False
                user.save(update_fields=["must_change_password"])
            audit_record(action=AuditAction.PASSWORD_CHANGE, actor=user, request=self.request)
        return response
