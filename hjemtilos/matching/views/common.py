"""Helpers shared by the matching views."""

from __future__ import annotations

from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.organisations.models import Site


def chosen_site(request: AuthenticatedHttpRequest, sites: list[Site]) -> Site | None:
    """The site named by ``?site=`` among ``sites``, or the first."""
    wanted = request.GET.get("site") or request.POST.get("site") or ""
    return next((s for s in sites if str(s.pk) == wanted), sites[0] if sites else None)
