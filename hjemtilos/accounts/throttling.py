"""Login throttling hooks for django-axes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The e-mail tried, lower-cased, so ``A@x`` and ``a@x`` count as one account."""
    raw = (credentials or {}).get("username") or request.POST.get("username")
    return str(raw).strip().lower() if raw else None
