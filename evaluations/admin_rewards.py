"""The admin of the money that follows a secretary's stars: the rules are edited here; the circumstances and their
records are shown only (the street records them on the circumstances page and the district confirms, audited), and
the ledger is shown, never changed (a correction is an adjusting entry, see evaluations.services.rewards)."""

from django.contrib import admin

from evaluations.models import RewardCircumstance, RewardCircumstanceChange, RewardEntry, RewardRuleSet


@admin.register(RewardRuleSet)
class RewardRuleSetAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "name", "star_gain_reward", "pension_subsidy_per_star", "is_active"]
    list_filter = ["is_active"]
    readonly_fields = ["source"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RewardCircumstance)
class RewardCircumstanceAdmin(ReadOnlyAdmin):
    list_display = ["secretary", "year", "collective_economy_growth", "left_normally"]
    list_filter = ["year", "collective_economy_growth", "left_normally"]
    search_fields = ["secretary__name", "secretary__organization__name"]


@admin.register(RewardCircumstanceChange)
class RewardCircumstanceChangeAdmin(ReadOnlyAdmin):
    list_display = ["secretary", "year", "kind", "holds", "status", "proposed_at", "decided_at"]
    list_filter = ["year", "kind", "status"]
    search_fields = ["secretary__name", "secretary__organization__name"]
    list_select_related = ["secretary"]


@admin.register(RewardEntry)
class RewardEntryAdmin(ReadOnlyAdmin):
    list_display = ["secretary", "year", "kind", "amount", "entry_type", "effective_from", "recorded_at"]
    list_filter = ["year", "kind", "entry_type"]
    search_fields = ["secretary__name"]
    list_select_related = ["secretary__organization"]
