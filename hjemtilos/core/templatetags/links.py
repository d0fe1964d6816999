"""``{% link_url "app:name" obj … as url %}``: the URL, or "" when the viewer may not open it.

Use it for every link a viewer might be refused::

    {% link_url "friendships:detail" concern.friendship as friendship_url %}
    {% if friendship_url %}<a href="{{ friendship_url }}">…</a>{% endif %}

The decision is the policy of the view the URL leads to (``core.access``).
"""

from __future__ import annotations

from typing import Any

from django import template

from hjemtilos.core import access

register = template.Library()


@register.simple_tag(takes_context=True, name="link_url")
def link_url_tag(context: dict[str, Any], url_name: str, *args: Any) -> str:
    return access.link_url(context["request"].user, url_name, *args)
