"""Admin for API tokens: the administrator sees whose token expires when and revokes one (audited).

Replaces the list of rest_framework.authtoken, which shows every key in clear and deletes without an audit.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import Token, TokenProxy

from orgs.services.tokens import api_token_expires_at, api_tokens_revoke

if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class ApiTokenAdmin(TokenAdmin):
    list_display = ("user", "created", "expires_at", "expired")

    @admin.display(description=_("expires at"))
    def expires_at(self, token: Token):
        return api_token_expires_at(token)

    @admin.display(description=_("expired"), boolean=True)
    def expired(self, token: Token) -> bool:
        return api_token_expires_at(token) <= timezone.now()

    def delete_model(self, request: HttpRequest, obj: Token) -> None:
        api_tokens_revoke(owner=obj.user, by=request.user)
