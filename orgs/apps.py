from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = _("Organizations and people")

    def ready(self) -> None:
        from orgs import signals  # noqa: F401  (connects the login audit receivers)
        from orgs.audit_labels import audit_action_labels_register
        from orgs.models import AUDIT_ACTION_LABELS

        audit_action_labels_register(AUDIT_ACTION_LABELS)
