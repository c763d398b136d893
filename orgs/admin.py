"""Admin: the organization tree, people, terms, departments; imports and the audit log read-only.

ID-card and phone numbers appear masked only; their ciphertexts and keyed hashes never reach a form.
The organization, member and secretary lists carry an "Import roster" button that runs the same
upload → preview → confirm flow as the browser pages (orgs.views.rosters).
"""

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from orgs.models import AuditEvent, CommitteeTerm, Department, ImportJob, Member, Organization, RosterKind, Secretary
from orgs.permissions import Capability, require_capability
from orgs.views.rosters import RosterUploadForm, confirm_import, import_job_for_user, job_context, upload_and_preview

PROTECTED_COLUMNS = ("id_card_encrypted", "id_card_hash", "phone_encrypted", "phone_hash")


class RosterImportAdminMixin:
    """Adds admin/<app>/<model>/import/ (upload, preview) and import/<job>/ (result, confirm)."""

    roster_kind: str

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{name}_import"),
            path("import/<int:job_id>/", self.admin_site.admin_view(self.import_job_view), name=f"{name}_import_job"),
            *super().get_urls(),
        ]

    def _render(self, request: HttpRequest, context: dict) -> HttpResponse:
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": _("Import roster"), **context}
        return render(request, "orgs/rosters/admin_import.html", context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        require_capability(request.user, Capability.IMPORT_ROSTER)
        form = RosterUploadForm(request.POST or None, request.FILES or None, initial={"kind": self.roster_kind})
        form.fields["kind"].widget = forms.HiddenInput()
        if request.method == "POST" and form.is_valid():
            job = upload_and_preview(request, form)
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import_job", job_id=job.pk)
        return self._render(request, {"form": form})

    def import_job_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = import_job_for_user(request.user, job_id)
        if request.method == "POST":
            confirm_import(request, job)
            return redirect(request.path)
        return self._render(request, job_context(job))


@admin.register(Organization)
class OrganizationAdmin(RosterImportAdminMixin, TreeAdmin):
    roster_kind = RosterKind.ORGANIZATIONS
    change_list_template = "orgs/rosters/admin_tree_change_list.html"
    form = movenodeform_factory(Organization)
    list_display = ("name", "code", "level", "domain", "org_type", "is_active")
    list_filter = ("level", "domain", "org_type", "is_active")
    search_fields = ("name", "code")


@admin.register(Member)
class MemberAdmin(RosterImportAdminMixin, SimpleHistoryAdmin):
    roster_kind = RosterKind.MEMBERS
    change_list_template = "orgs/rosters/admin_change_list.html"
    list_display = ("name", "id_card_masked", "phone_masked", "branch", "category", "status", "is_active")
    list_filter = ("category", "status", "gender", "is_active")
    list_select_related = ("branch",)
    search_fields = ("name",)
    exclude = PROTECTED_COLUMNS
    readonly_fields = ("id_card_masked", "phone_masked")
    raw_id_fields = ("branch", "in_service_community")


@admin.register(Secretary)
class SecretaryAdmin(RosterImportAdminMixin, SimpleHistoryAdmin):
    roster_kind = RosterKind.SECRETARIES
    change_list_template = "orgs/rosters/admin_change_list.html"
    list_display = ("name", "id_card_masked", "organization", "started_on", "ended_on", "one_shoulder", "education")
    list_filter = ("one_shoulder", "education")
    list_select_related = ("organization",)
    search_fields = ("name", "organization__name", "organization__code")
    exclude = PROTECTED_COLUMNS[:2]
    readonly_fields = ("id_card_masked",)
    raw_id_fields = ("organization", "member")


@admin.register(CommitteeTerm)
class CommitteeTermAdmin(admin.ModelAdmin):
    list_display = ("organization", "start_year", "end_year")
    list_select_related = ("organization",)
    search_fields = ("organization__name", "organization__code")
    raw_id_fields = ("organization",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or deleted from the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "kind", "status", "total_rows", "created_by", "created_at", "finished_at")
    list_filter = ("kind", "status")
    list_select_related = ("created_by",)
    exclude = ("file",)

    def view_on_site(self, obj: ImportJob) -> str:
        return reverse("roster_import_detail", kwargs={"pk": obj.pk})


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_username", "action", "outcome", "object_type", "object_id", "ip_address")
    list_filter = ("action", "outcome")
    search_fields = ("actor_username", "object_type", "object_id")
    date_hierarchy = "at"


from orgs import admin_accounts  # noqa: E402,F401
