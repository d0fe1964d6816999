"""``{% task_links task as links %}``: the pages higher apps offer for a task, as (label, url)."""

from __future__ import annotations

from typing import Any

from django import template

from hjemtilos.core.access import link_url
from hjemtilos.followups.models import FollowUpTask
from hjemtilos.followups.registry import task_actions

register = template.Library()


@register.simple_tag(takes_context=True)
def task_links(context: dict[str, Any], task: FollowUpTask) -> list[tuple[str, str]]:
    """The registered actions of the task's kind that the viewer may open (no query: the
    task's friendship is loaded with it)."""
    if not task.friendship_id:
        return []
    user = context["request"].user
    links = []
    for action in task_actions(task.kind):
        url = link_url(user, action.url_name, task.friendship)
        if url:
            links.append((str(action.label), url))
    return links
