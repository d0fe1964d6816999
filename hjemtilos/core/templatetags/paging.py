"""``{% page_url n %}``: the current URL's query string with another page number."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], number: int) -> str:
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    query["side"] = str(number)
    return "?" + query.urlencode()
