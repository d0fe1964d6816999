"""Role-based navigation: each app registers its menu entries here.

An entry is shown when its policy function allows the user, so the menu
never offers a page the server would refuse. Entries sit in groups named by
the work (intake, families, friendships, safeguarding, reports, the system's
administration), drawn as DKFDS's menu with sub-menus; a group with a single
entry for its viewer is shown as that entry. An entry may count what waits
there (``count``): the counts are fetched after the page has loaded
(``core:nav_counts``), so no page pays for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.http import user_or_none

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    allowed: Callable[[User], bool]
    order: int = 100
    #: One of ``GROUPS``' keys; "" for an entry of its own on the top line.
    group: str = ""
    #: How many things wait for the user there (one bounded query), if the entry counts.
    count: Callable[[User], int] | None = None


#: The menu's groups, in their order on the top line (by the work, as staff do it).
GROUPS: dict[str, tuple[str | Promise, int]] = {
    "intake": (_("Intake"), 10),
    "families": (_("Families"), 20),
    "friendships": (_("Friendships"), 30),
    "safeguarding": (_("Safeguarding"), 40),
    "reports": (_("Reports"), 50),
    "administration": (_("Administration"), 90),
}

_REGISTRY: list[NavEntry] = []
_CACHE_ATTRIBUTE = "_htos_navigation"


def register(entry: NavEntry) -> None:
    if entry.group and entry.group not in GROUPS:
        raise ValueError(f"unknown menu group {entry.group!r}")
    if entry not in _REGISTRY:
        _REGISTRY.append(entry)


def count_key(url_name: str) -> str:
    """The id part that ties an entry's count badge to its entry."""
    return url_name.replace(":", "-").replace("_", "-")


def visible_entries(user: User) -> list[tuple[NavEntry, str]]:
    """The entries ``user`` may open, with their URLs, in menu order."""
    found = []
    for entry in sorted(_REGISTRY, key=lambda e: e.order):
        if not entry.allowed(user):
            continue
        try:
            found.append((entry, reverse(entry.url_name)))
        except NoReverseMatch:
            continue
    return found


def _item(entry: NavEntry, url: str) -> dict[str, Any]:
    return {
        "label": entry.label,
        "url": url,
        "active": False,
        "counts": entry.count is not None,
        "key": count_key(entry.url_name),
    }


def navigation_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The menu for this request's user (worked out once per request).

    Each item is an entry (``label``, ``url``, ``active``, ``counts``, ``key``)
    or a group (``label``, ``key``, ``active``, ``children``: entries).
    """
    cached: list[dict[str, Any]] | None = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    # A page rendered before the authentication middleware ran (a 400 for a
    # bad Host header) has no user at all.
    user = user_or_none(request) if hasattr(request, "user") else None
    items = _build(request, user) if user is not None else []
    setattr(request, _CACHE_ATTRIBUTE, items)
    return items


def _build(request: HttpRequest, user: User) -> list[dict[str, Any]]:
    entries = visible_entries(user)
    leaves = [_item(entry, url) for entry, url in entries]
    # The one entry whose URL is the longest prefix of this page is current
    # (the intake queue under /henvisninger/modtagelse/, not also /henvisninger/).
    matches = [
        index
        for index, (_entry, url) in enumerate(entries)
        if request.path == url or (url != "/" and request.path.startswith(url))
    ]
    if matches:
        leaves[max(matches, key=lambda index: len(entries[index][1]))]["active"] = True
    # Place each group where its first entry would stand; sort groups by their own order.
    top: list[tuple[int, dict[str, Any]]] = []
    groups: dict[str, dict[str, Any]] = {}
    for (entry, _url), leaf in zip(entries, leaves, strict=True):
        if not entry.group:
            top.append((entry.order, leaf))
            continue
        group = groups.get(entry.group)
        if group is None:
            label, order = GROUPS[entry.group]
            group = {"label": label, "key": entry.group, "active": False, "children": []}
            groups[entry.group] = group
            top.append((order, group))
        group["children"].append(leaf)
        group["active"] = group["active"] or leaf["active"]
    items = []
    for _order, item in sorted(top, key=lambda pair: pair[0]):
        children = item.get("children")
        if children is not None and len(children) == 1:
            items.append(children[0])
            continue
        if children is not None:
            # The group's badge adds up its entries' counts.
            item["count_keys"] = " ".join(child["key"] for child in children if child["counts"])
        items.append(item)
    return items


def nav_counts(user: User) -> dict[str, int]:
    """What waits at each counting entry ``user`` may open, by ``count_key``."""
    return {
        count_key(entry.url_name): entry.count(user)
        for entry, _url in visible_entries(user)
        if entry.count is not None
    }
