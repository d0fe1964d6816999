"""django-auditlog's middleware, reading the client's address as the rest of the system does."""

from __future__ import annotations

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.http import HttpRequest

from hjemtilos.core.clientip import client_ip


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """The audit log's IP address comes from ``core.clientip``.

    django-auditlog takes the left-most ``X-Forwarded-For`` entry, which any
    client can write; the log must name the address the request came from.
    """

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_ip(request)
