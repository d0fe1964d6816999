"""The Django admin: administrators only, with a second factor typed a moment ago.

The admin site is kept for reference data, sites and configuration; people's
accounts are shown read-only there and managed in our own pages
(docs/decisions/0008-administrators-and-the-django-admin.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hjemtilos.accounts.policies import is_administrator
from hjemtilos.accounts.sessions import second_factor_is_recent
from hjemtilos.core.http import user_or_none


class HjemtilosAdminSite(admin.AdminSite):
    site_header = _("Hjem til Os: administration")
    site_title = _("Hjem til Os")
    index_title = _("Sites and configuration")

    def has_permission(self, request: HttpRequest) -> bool:
        """The administrator role (with its second factor), not Django's ``is_staff`` alone."""
        user = user_or_none(request)
        return user is not None and is_administrator(user) and user.is_staff

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:  # noqa: FBT001, FBT002 - Django's signature
        inner = super().admin_view(view, cacheable)

        def fresh(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if user_or_none(request) is not None:
                # A signed-in person who is not an administrator is refused, not
                # sent to a login page that would send them straight back.
                if not self.has_permission(request):
                    raise PermissionDenied
                # An administrator whose code is older than the fresh window
                # types it again before any admin page.
                if not second_factor_is_recent(request):
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(reverse("accounts:confirm") + "?" + query)
            response: HttpResponse = inner(request, *args, **kwargs)
            return response

        fresh.__wrapped__ = inner  # type: ignore[attr-defined]
        return fresh
