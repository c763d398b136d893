"""The labels of audit actions. Each app owns its actions and registers their labels here from its
AppConfig.ready, so orgs shows them without importing those apps. Plain values: no database."""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

AUDIT_ACTION_MAX_LENGTH = 24  # the stored action's length (AuditEvent.action)

_ACTION_LABELS: dict[str, str] = {}


def audit_action_labels_register(labels: Mapping[str, str]) -> None:
    """Make an app's actions known with their labels; an action owned by two apps, or too long to store, is refused."""
    for action, label in labels.items():
        value = str(action)
        if len(value) > AUDIT_ACTION_MAX_LENGTH:
            raise ImproperlyConfigured(
                f"The audit action {value!r} is longer than {AUDIT_ACTION_MAX_LENGTH} characters."
            )
        if _ACTION_LABELS.get(value, label) != label:
            raise ImproperlyConfigured(f"The audit action {value!r} is registered twice with different labels.")
        _ACTION_LABELS[value] = label


def audit_action_labels() -> dict[str, str]:
    """Every registered action with its label (for filters and checks)."""
    return dict(_ACTION_LABELS)


def audit_action_known(action: str) -> bool:
    """Whether an app registered this action."""
    return action in _ACTION_LABELS


def audit_action_label(action: str) -> str:
    """The label of an action; an action no app registers (any more) shows as stored."""
    label = _ACTION_LABELS.get(action)
    return action if label is None else str(label)
