"""API tokens: when one expires, and revoking one (by its owner or the administrator), audited."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from rest_framework.authtoken.models import Token

from orgs.models import AuditAction, User
from orgs.services.audit import audit_record


def api_token_expires_at(token: Token) -> datetime:
    """A token works for API_TOKEN_LIFETIME_DAYS after it was issued."""
    return token.created + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)


def api_tokens_revoke(*, owner: User, by: User) -> int:
    """Delete the owner's API token, so that no script can use it any more; returns how many were revoked (0 or 1).
    Each revocation is audited with who revoked it."""
    with transaction.atomic():
        tokens = list(Token.objects.select_for_update().filter(user=owner))
        for token in tokens:
            audit_record(
                action=AuditAction.TOKEN_REVOKE,
                actor=by,
                object_type="user",
                object_id=owner.pk,
                detail={"username": owner.username, "issued": token.created.isoformat(), "by_owner": by == owner},
            )
        Token.objects.filter(pk__in=[token.pk for token in tokens]).delete()
    return len(tokens)
