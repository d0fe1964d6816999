"""Role-based navigation: each app registers its menu entries here.

An entry is shown when its policy function allows the user, so the menu
never offers a page the server would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    allowed: Callable[[Any], bool]
    order: int = 100


_REGISTRY: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if entry not in _REGISTRY:
        _REGISTRY.append(entry)


def navigation_for(request: HttpRequest) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for entry in sorted(_REGISTRY, key=lambda e: e.order):
        if not entry.allowed(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "label": entry.label,
                "url": url,
                "active": (request.path.startswith(url) and url != "/") or request.path == url,
            }
        )
    return items
