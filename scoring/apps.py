from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring rules")

    def ready(self) -> None:
        from orgs.audit_labels import audit_action_labels_register
        from scoring.audit import SCORING_AUDIT_ACTION_LABELS

        audit_action_labels_register(SCORING_AUDIT_ACTION_LABELS)
