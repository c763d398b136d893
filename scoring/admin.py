from django.contrib import admin

from scoring.models import IndicatorItem, IndicatorTemplate


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
