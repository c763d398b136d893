"""Admin: the organization tree, people, terms, departments; imports and the audit log read-only.

ID-card and phone numbers appear masked only; their ciphertexts and keyed hashes never reach a form.
The organization, member and secretary lists carry an "Import roster" button that runs the same
upload → preview → confirm flow as the browser pages (orgs.views.rosters). Small reference tables
(departments) import and export through django-import-export (orgs.resources).
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm
from import_export.results import RowResult
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from orgs.audit_labels import audit_action_labels
from orgs.forms import RosterUploadForm
from orgs.models import (
    AuditAction,
    AuditEvent,
    AuditOutcome,
    CommitteeTerm,
    Department,
    ImportJob,
    Member,
    Organization,
    RosterKind,
    Secretary,
)
from orgs.permissions import Capability, refuse, require_capability
from orgs.resources import DepartmentResource
from orgs.roster_pages import confirm_import, import_job_for_user, job_context, upload_and_preview
from orgs.services.audit import audit_record

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


class ReferenceTableAdmin(ImportExportModelAdmin):
    """Import and export of a small reference table in XLSX or CSV: all-or-nothing and audited, refusals too."""

    formats = (XLSX, CSV)
    to_encoding = "utf-8-sig"  # CSV with a byte-order mark, which Excel needs to read Chinese
    # The plain form lists the Chinese headers; the selectable one labels them in English and needs inline script.
    export_form_class = ExportForm

    def has_import_permission(self, request: HttpRequest) -> bool:
        # The change permission (IMPORT_EXPORT_IMPORT_PERMISSION_CODE), and add: an import creates rows too.
        return super().has_import_permission(request) and self.has_add_permission(request)

    def _require(self, request: HttpRequest, allowed: bool, action: str) -> None:
        if not allowed:
            name = self.opts.model_name
            refuse(request.user, capability=f"{action}_{name}", object_type=name, object_id="", not_found=False)

    def import_action(self, request: HttpRequest, **kwargs) -> HttpResponse:
        self._require(request, self.has_import_permission(request), "import")
        return super().import_action(request, **kwargs)

    def process_import(self, request: HttpRequest, **kwargs) -> HttpResponse:
        self._require(request, self.has_import_permission(request), "import")
        return super().process_import(request, **kwargs)

    def export_action(self, request: HttpRequest) -> HttpResponse:
        self._require(request, self.has_export_permission(request), "export")
        return super().export_action(request)

    def add_data_read_fail_error_to_form(self, form, e) -> None:
        form.add_error(
            "import_file", _("The file could not be read: is it an .xlsx or .csv file of the format chosen?")
        )

    def get_import_data_kwargs(self, **kwargs) -> dict:
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_dataset(self, dataset, form, request: HttpRequest, **kwargs):
        """The confirmed import and its audit event commit together; a wrong row rolls back every row."""
        with transaction.atomic():
            result = super().process_dataset(dataset, form, request, **kwargs)
            written = not (result.has_errors() or result.has_validation_errors())
            audit_record(
                action=AuditAction.IMPORT,
                outcome=AuditOutcome.SUCCESS if written else AuditOutcome.FAILURE,
                actor=request.user,
                object_type=self.opts.model_name,
                detail={
                    "file": form.cleaned_data.get("original_file_name", ""),
                    "rows": result.total_rows,
                    "created": result.totals[RowResult.IMPORT_TYPE_NEW] if written else 0,
                    "updated": result.totals[RowResult.IMPORT_TYPE_UPDATE] if written else 0,
                    "unchanged": result.totals[RowResult.IMPORT_TYPE_SKIP] if written else 0,
                    "errors": len(result.invalid_rows) + len(result.error_rows),
                },
                request=request,
            )
        return result

    def process_result(self, result, request: HttpRequest) -> HttpResponse:
        if result.has_errors() or result.has_validation_errors():
            # Rare: a row that passed the preview fails on confirm (the table changed in between).
            messages.error(request, _("Nothing was imported: a row is wrong now. Upload the file again to see which."))
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        return super().process_result(result, request)

    def get_export_data(self, file_format, request: HttpRequest, queryset, **kwargs):
        content = super().get_export_data(file_format, request, queryset, **kwargs)
        audit_record(
            action=AuditAction.EXPORT,
            actor=request.user,
            object_type=self.opts.model_name,
            detail={"format": file_format.get_extension(), "rows": queryset.count()},
            request=request,
        )
        return content


@admin.register(Department)
class DepartmentAdmin(ReferenceTableAdmin):
    resource_classes = [DepartmentResource]
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


class AuditActionFilter(admin.SimpleListFilter):
    """The actions every app registered, by their labels (the field has no choices: each app owns its actions)."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return sorted(((action, str(label)) for action, label in audit_action_labels().items()), key=lambda x: x[1])

    def queryset(self, request: HttpRequest, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_username", "action_label", "outcome", "object_type", "object_id", "ip_address")
    list_filter = (AuditActionFilter, "outcome")
    readonly_fields = ("action_label",)
    search_fields = ("actor_username", "object_type", "object_id")
    date_hierarchy = "at"

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, event: AuditEvent) -> str:
        return event.action_label


from orgs import admin_accounts, admin_tokens  # noqa: E402,F401
