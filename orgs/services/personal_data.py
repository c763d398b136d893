"""Revealing one personal number to a role allowed to see it; every reveal is audited."""

from django.db import transaction
from django.http import HttpRequest

from orgs.models import AuditAction, Member, User
from orgs.personal_data import decrypt
from orgs.services.audit import audit_record

REVEALABLE_FIELDS = {"id_card": "id_card_encrypted", "phone": "phone_encrypted"}


def member_reveal(*, member: Member, field: str, by: User, request: HttpRequest | None = None) -> str:
    """Decrypt one number of one member for a user already checked to hold the reveal capability."""
    with transaction.atomic():
        audit_record(
            action=AuditAction.REVEAL,
            actor=by,
            object_type="member",
            object_id=member.pk,
            detail={"field": field},
            request=request,
        )
    return decrypt(getattr(member, REVEALABLE_FIELDS[field]))
