from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from evaluations.audit import EVALUATION_AUDIT_ACTION_LABELS
        from orgs.audit_labels import audit_action_labels_register

        audit_action_labels_register(EVALUATION_AUDIT_ACTION_LABELS)

        from evaluations import receivers_rewards  # noqa: F401  (the rewards ledger follows star changes)
