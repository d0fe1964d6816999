"""Response headers every page and API answer carries (ASVS 8.2.1, 14.4).

``SecurityMiddleware`` and django-csp set HSTS, nosniff, the referrer policy
and the Content-Security-Policy; this adds the two they do not:

* ``Cache-Control: no-store`` (with Django's other never-cache headers) on
  every response the application itself makes: pages, API answers, exports,
  photos and calendar feeds all carry or may carry a person's record, and a
  shared or back-button cache must keep none of them. Static files are served
  by WhiteNoise before this middleware runs, so they stay cacheable.
* ``Permissions-Policy`` (``settings.PERMISSIONS_POLICY``): the product uses
  no camera, microphone, location or payment, so no page may ask for them.

docs/decisions/0041-audited-reads-and-headers.md.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


def permissions_policy_header(policy: dict[str, tuple[str, ...]]) -> str:
    """``{"camera": ()}`` as the header's text, ``camera=()``."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


class PrivateResponseMiddleware:
    """No response of the application is stored by a cache; no page asks for a device."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.permissions_policy = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        add_never_cache_headers(response)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
