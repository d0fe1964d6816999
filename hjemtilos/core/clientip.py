"""The client's address, as every part of the system reads it.

Behind ``settings.TRUSTED_PROXY_COUNT`` reverse proxies, each proxy appends
the address it received the request from to ``X-Forwarded-For``. The client
is therefore the entry that many places from the right: entries further left
were written by the client itself and may be forged. With no trusted proxy
(the default) the header is ignored and the address of the connection is the
client. Login throttling (django-axes), the audit log and the public
application's limit all read the address here, so none of them can be fooled
by a header a client made up (docs/decisions/0009-sessions-and-throttling.md).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, trusting exactly ``TRUSTED_PROXY_COUNT`` proxies."""
    peer = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return peer
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(forwarded) < proxies:
        # The request did not pass through every trusted proxy (or the header
        # was stripped): the connection's own address is all that is known.
        return peer
    return _valid(forwarded[-proxies]) or peer
