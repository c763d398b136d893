from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from scoring.consequence_rule_sets import consequence_rule_set_revise
from scoring.models import ConsequenceRule, ConsequenceRuleSet, IndicatorItem, IndicatorTemplate


class IndicatorItemInline(admin.TabularInline):
    model = IndicatorItem
    fields = ["order", "level", "code", "name", "points_max", "points_min", "kind", "is_veto", "standard"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IndicatorTemplate)
class IndicatorTemplateAdmin(admin.ModelAdmin):
    """Read-only: templates change only through load_template, which versions frozen ones."""

    list_display = ["code", "version", "name", "year", "scheme", "is_example", "is_frozen", "created_at"]
    list_filter = ["scheme", "is_frozen", "year"]
    search_fields = ["code", "name"]
    readonly_fields = [
        "code",
        "version",
        "name",
        "year",
        "scheme",
        "applies_to",
        "is_example",
        "is_frozen",
        "created_at",
        "source_yaml",
    ]
    exclude = ["definition"]
    inlines = [IndicatorItemInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ConsequenceRuleInline(admin.TabularInline):
    model = ConsequenceRule
    fields = ["order", "code", "name", "values", "condition", "times", "actions_display", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("actions"))
    def actions_display(self, rule: ConsequenceRule) -> str:
        return rule.actions_display()


@admin.register(ConsequenceRuleSet)
class ConsequenceRuleSetAdmin(admin.ModelAdmin):
    """Rules are edited as their YAML text; saving a change stores the next version (see consequence_rule_sets)."""

    list_display = ["code", "version", "name", "subject", "period_kind", "is_active", "created_at"]
    list_filter = ["is_active", "subject"]
    search_fields = ["code", "name"]
    fields = ["code", "version", "name", "subject", "templates", "period_kind", "is_active", "source_yaml"]
    readonly_fields = ["code", "version", "name", "subject", "templates", "period_kind", "is_active"]
    inlines = [ConsequenceRuleInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        stored = obj

        def clean_source_yaml(form_self):
            text = form_self.cleaned_data["source_yaml"]
            try:
                form_self.revised = consequence_rule_set_revise(rule_set=stored, source_yaml=text, by=request.user)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
            return text

        form.clean_source_yaml = clean_source_yaml
        return form

    def save_model(self, request, obj, form, change) -> None:
        """The stored version is never edited: the new version was stored when the form was checked."""
        revised = getattr(form, "revised", obj)
        if revised.pk != obj.pk:
            self.message_user(request, _("Stored as version %(version)s, now in use.") % {"version": revised.version})
        form.instance = revised

    def save_related(self, request, form, formsets, change) -> None:
        """The rules of a version are written with it, never through the inline."""

    def construct_change_message(self, request, form, formsets, add=False):
        return [{"changed": {"fields": ["source_yaml"]}}]
