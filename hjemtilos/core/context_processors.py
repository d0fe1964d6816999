"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hjemtilos.core.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    items = navigation_for(request)
    counting = any(item.get("counts") or item.get("count_keys") for item in items)
    return {"nav_items": items, "nav_counts": counting}
