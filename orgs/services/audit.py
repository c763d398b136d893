"""Audit events: append-only, written in the same transaction as what they record.

Each app names its own actions (orgs.models.AuditAction, evaluations/audit.py, scoring/audit.py) and registers
their labels here from its AppConfig.ready, so orgs knows how to show them without importing those apps.
"""

from django.http import HttpRequest

from orgs.audit_labels import audit_action_known
from orgs.client_address import client_address
from orgs.middleware import current_request
from orgs.models import AuditAction, AuditEvent, AuditOutcome, User


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
    if not audit_action_known(action):
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
        ip_address=client_address(request) if request is not None else None,
    )


def audit_refusal(*, user: User, capability: str, object_type: str, object_id: object) -> AuditEvent:
    """Every refusal is audited: who asked for what on which object."""
    return audit_record(
        action=AuditAction.ACCESS_REFUSED,
        outcome=AuditOutcome.REFUSED,
        actor=user,
        object_type=object_type,
        object_id=object_id,
        detail={"capability": str(capability), "path": getattr(current_request(), "path", "")},
        request=current_request(),
    )
