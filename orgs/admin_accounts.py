"""Admin for accounts and their role grants. Grants go through the role services so they are audited."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _

from orgs.models import OrganizationUserObjectPermission, User
from orgs.personal_data import phone_problem, protect_phone
from orgs.roles import Role, role_codename, role_of_codename
from orgs.services.roles import role_grant, role_revoke

_ROLE_CODENAMES = [role_codename(role) for role in Role]


class RoleGrantForm(forms.ModelForm):
    class Meta:
        model = OrganizationUserObjectPermission
        fields = ["permission", "content_object"]
        labels = {"permission": _("Role"), "content_object": _("Organization")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permission"].queryset = Permission.objects.filter(
            content_type__app_label="orgs", codename__in=_ROLE_CODENAMES
        )


class RoleGrantInline(admin.TabularInline):
    model = OrganizationUserObjectPermission
    form = RoleGrantForm
    extra = 1
    raw_id_fields = ["content_object"]
    verbose_name = _("role grant")
    verbose_name_plural = _("role grants (each covers the organization's whole subtree)")


class AccountChangeForm(UserChangeForm):
    """The mobile number (for notifications by text message) is typed in full, stored encrypted and shown masked."""

    mobile = forms.CharField(
        label=_("New mobile number"),
        required=False,
        help_text=_("Notifications are sent here by text message when the SMS gateway is on. Leave empty to keep it."),
    )
    remove_mobile = forms.BooleanField(label=_("Remove the mobile number"), required=False)

    def clean_mobile(self) -> str:
        mobile = self.cleaned_data["mobile"].strip()
        if mobile and phone_problem(mobile):
            raise forms.ValidationError(_("Mobile number: %(problem)s") % {"problem": phone_problem(mobile)})
        return mobile

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data.get("remove_mobile"):
            user.mobile_encrypted = user.mobile_masked = ""
        elif self.cleaned_data.get("mobile"):
            protected = protect_phone(self.cleaned_data["mobile"])
            user.mobile_encrypted, user.mobile_masked = protected.encrypted, protected.masked
        if commit:
            user.save()
        return user


def _role_of(grant: OrganizationUserObjectPermission) -> Role:
    return role_of_codename(grant.permission.codename)


@admin.register(User)
class AccountAdmin(UserAdmin):
    form = AccountChangeForm
    inlines = [RoleGrantInline]
    list_display = ["username", "full_name", "department", "is_active", "is_staff", "must_change_password"]
    list_filter = ["is_active", "is_staff", "is_superuser", "department"]
    search_fields = ["username", "full_name"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "department", "member")}),
        (_("Notifications"), {"fields": ("email", "mobile_masked", "mobile", "remove_mobile")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "must_change_password")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "department", "password1", "password2")}),
    )
    raw_id_fields = ["member"]
    readonly_fields = ["mobile_masked"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True  # an initial password set by an administrator
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not OrganizationUserObjectPermission:
            return super().save_formset(request, form, formset, change)
        grants = formset.save(commit=False)
        for grant in formset.deleted_objects:
            role_revoke(user=grant.user, role=_role_of(grant), organization=grant.content_object, by=request.user)
        for grant in grants:
            if grant.pk:
                old = OrganizationUserObjectPermission.objects.get(pk=grant.pk)
                role_revoke(user=old.user, role=_role_of(old), organization=old.content_object, by=request.user)
            role_grant(user=form.instance, role=_role_of(grant), organization=grant.content_object, by=request.user)
        return None
