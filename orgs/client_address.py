"""The address of the client that sent a request, as seen through TRUSTED_PROXY_COUNT reverse proxies.

Each trusted proxy appends the address it received the request from to X-Forwarded-For, so behind N of them the
client is the Nth entry from the right; entries further left were written by the client and may be forged. The
login lockout (axes), the audit and the per-address throttles all ask this one function.
"""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address: the Nth entry from the right of X-Forwarded-For behind N trusted proxies, else the
    peer's address (REMOTE_ADDR); None when neither is a valid IP address."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and forwarded:
        # A chain shorter than the proxies means the request skipped the outer ones: its first entry is the client.
        candidate = forwarded[-min(proxies, len(forwarded))]
        if _valid(candidate):
            return candidate
    return remote if _valid(remote) else None
