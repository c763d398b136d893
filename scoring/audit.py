"""The audit actions of the scoring rules, owned here: orgs stores them and shows their labels (registered from
ScoringConfig.ready), so a new action needs no migration."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class ScoringAuditAction(StrEnum):
    TEMPLATE_LOAD = "template_load"
    CONSEQUENCE_RULES_LOAD = "consequence_rules_load"


SCORING_AUDIT_ACTION_LABELS = {
    ScoringAuditAction.TEMPLATE_LOAD: _("Indicator template loaded"),
    ScoringAuditAction.CONSEQUENCE_RULES_LOAD: _("Consequence rule set stored"),
}
