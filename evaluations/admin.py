"""The admin of the evaluation process: the secretaries' star rule sets, loaded from fixtures/rule_sets/ and
edited here (how many stars each rule gives, the honour and supervision bands, the rectification days)."""

from django.contrib import admin

from evaluations.models import SecretaryStarRule, SecretaryStarRuleSet


class SecretaryStarRuleInline(admin.TabularInline):
    model = SecretaryStarRule
    fields = ["order", "kind", "code", "name", "stars", "is_education_upgrade", "note"]
    extra = 0


@admin.register(SecretaryStarRuleSet)
class SecretaryStarRuleSetAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "name", "max_stars", "honour_stars_at_least", "supervision_stars_at_most"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["source"]
    inlines = [SecretaryStarRuleInline]


# The rewards ledger (seed 001)
from evaluations import admin_rewards  # noqa: E402,F401
