"""Links to the system's pages from outside it (e-mails, SMS, documents): absolute, on the
public address (``settings.PUBLIC_BASE_URL``)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def public_url(viewname: str, *args: object, **kwargs: object) -> str:
    """The absolute address of the page ``viewname`` (with its ``args`` or ``kwargs``)."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse(viewname, args=args, kwargs=kwargs)
