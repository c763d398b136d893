"""Audit events: append-only, written in the same transaction as what they record.

Each app names its own actions (orgs.models.AuditAction, evaluations/audit.py, scoring/audit.py) and registers
their labels here from its AppConfig.ready, so orgs knows how to show them without importing those apps.
"""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from orgs.models import AuditAction, AuditEvent, AuditOutcome, User

_ACTION_LABELS: dict[str, str] = {}


def audit_action_labels_register(labels: Mapping[str, str]) -> None:
    """Make an app's actions known with their labels; an action owned by two apps, or too long to store, is refused."""
    max_length = AuditEvent._meta.get_field("action").max_length
    for action, label in labels.items():
        value = str(action)
        if len(value) > max_length:
            raise ImproperlyConfigured(f"The audit action {value!r} is longer than {max_length} characters.")
        if _ACTION_LABELS.get(value, label) != label:
            raise ImproperlyConfigured(f"The audit action {value!r} is registered twice with different labels.")
        _ACTION_LABELS[value] = label


def audit_action_labels() -> dict[str, str]:
    """Every registered action with its label (for filters and checks)."""
    return dict(_ACTION_LABELS)


def audit_action_label(action: str) -> str:
    """The label of an action; an action no app registers (any more) shows as stored."""
    label = _ACTION_LABELS.get(action)
    return action if label is None else str(label)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    actor: User | None = None,
    username: str = "",
    object_type: str = "",
    object_id: object = "",
    detail: dict | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one audit event; anonymous actors are recorded by the username they gave, if any.

    ``action`` is a member of an app's action enum whose labels are registered; any other value is a bug.
    """
    if action not in _ACTION_LABELS:
        raise ValueError(f"The audit action {action!r} is not registered (see audit_action_labels_register).")
    known = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=known,
        actor_username=(known.username if known else username)[:150],
        action=action,
        outcome=outcome,
        object_type=object_type,
        object_id=str(object_id)[:64],
        detail=detail or {},
        ip_address=client_ip(request),
    )


def audit_refusal(*, user: User, capability: str, object_type: str, object_id: object) -> AuditEvent:
    """Every refusal is audited: who asked for what on which object."""
    from orgs.middleware import current_request

    return audit_record(
        action=AuditAction.ACCESS_REFUSED,
        outcome=AuditOutcome.REFUSED,
        actor=user,
        object_type=object_type,
        object_id=object_id,
        detail={"capability": str(capability), "path": getattr(current_request(), "path", "")},
        request=current_request(),
    )
