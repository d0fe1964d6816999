"""``@recent_second_factor``: a sensitive action asks for the second factor again.

Changing a role, resetting someone's second factor, exporting a person's
data: the session may be hours old and left open on a desk, so such a page
(and its POST) first asks for a code typed within
``SECOND_FACTOR_FRESH_MINUTES`` (ASVS 3.3, re-authentication). People whose
role signs in without an authenticator confirm with their password instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode, urlparse

from django.contrib import messages
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from hjemtilos.accounts.sessions import second_factor_is_recent

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def _return_to(request: HttpRequest) -> str:
    """Where to come back after confirming: this page, or for a POST the page it came from."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}):
        parsed = urlparse(referer)
        return parsed.path + (f"?{parsed.query}" if parsed.query else "")
    return reverse("core:home")


def recent_second_factor(view: View) -> View:
    """Send the person to confirm their second factor unless they did so a moment ago."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if second_factor_is_recent(request):
            return view(request, *args, **kwargs)
        if request.method != "GET":
            messages.info(request, _("Confirm it is you, then do it again."))
        return redirect(
            reverse("accounts:confirm") + "?" + urlencode({"next": _return_to(request)})
        )

    # ``wraps`` keeps the view's signature, which mypy cannot follow.
    return guarded  # type: ignore[return-value]
