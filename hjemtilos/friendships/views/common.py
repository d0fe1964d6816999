"""Helpers shared by the friendship pages."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme

from hjemtilos.core.http import AuthenticatedHttpRequest


def safe_next(request: AuthenticatedHttpRequest, fallback: str) -> str:
    """Where to go back to: a ``next`` on this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback
