"""The admin of the evaluation process: the secretaries' star rule sets, loaded from fixtures/rule_sets/ and
edited here (how many stars each rule gives, the honour and supervision bands, the rectification days, the annual
assessment's thresholds and stars); the award nominations, shown only (they are made and decided on their pages,
where eligibility is checked and every step audited)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from evaluations.admin_rewards import ReadOnlyAdmin
from evaluations.models import AwardNomination, SecretaryStarRule, SecretaryStarRuleSet


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
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "version",
                    "name",
                    "is_active",
                    "max_stars",
                    "honour_stars_at_least",
                    "supervision_stars_at_most",
                    "rectification_days",
                    "source",
                ]
            },
        ),
        (
            _("Annual assessment from the quarterly scoring"),
            {
                "fields": [
                    "annual_quarters_required",
                    ("annual_excellent_from", "annual_excellent_stars"),
                    ("annual_good_from", "annual_good_stars"),
                    ("annual_qualified_from", "annual_qualified_stars"),
                    ("annual_basically_qualified_from", "annual_poor_reduced_stars"),
                    ("annual_base_rule_code", "annual_poor_rule_code"),
                ]
            },
        ),
    ]
    inlines = [SecretaryStarRuleInline]


@admin.register(AwardNomination)
class AwardNominationAdmin(ReadOnlyAdmin):
    list_display = ["year", "award", "organization", "person_name", "status", "nominated_at", "decided_at"]
    list_filter = ["year", "award", "status"]
    search_fields = ["organization__name", "person_name"]
    list_select_related = ["organization"]
