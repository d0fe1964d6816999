"""Role-based navigation: each app registers its menu entries here.

An entry is shown when its policy function allows the user, so the menu
never offers a page the server would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from hjemtilos.core.http import user_or_none

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    allowed: Callable[[User], bool]
    order: int = 100


_REGISTRY: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if entry not in _REGISTRY:
        _REGISTRY.append(entry)


def navigation_for(request: HttpRequest) -> list[dict[str, Any]]:
    # A page rendered before the authentication middleware ran (a 400 for a
    # bad Host header) has no user at all.
    user = user_or_none(request) if hasattr(request, "user") else None
    if user is None:
        return []
    items: list[dict[str, Any]] = []
    urls: list[str] = []
    for entry in sorted(_REGISTRY, key=lambda e: e.order):
        if not entry.allowed(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": entry.label, "url": url, "active": False})
        urls.append(url)
    # The one entry whose URL is the longest prefix of this page is current
    # (the intake queue under /henvisninger/modtagelse/, not also /henvisninger/).
    matches = [
        index
        for index, url in enumerate(urls)
        if request.path == url or (url != "/" and request.path.startswith(url))
    ]
    if matches:
        items[max(matches, key=lambda index: len(urls[index]))]["active"] = True
    return items
