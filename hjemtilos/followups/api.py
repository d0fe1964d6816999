"""Follow-up tasks in the JSON API: the caller's open tasks, grouped as on "my tasks"."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from ninja import Query, Router

from hjemtilos.api.paging import PageParams, page_of
from hjemtilos.api.schemas import answers
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.followups import policies, selectors
from hjemtilos.followups.schemas import TaskOut
from hjemtilos.privacy.audit import audit_read

router = Router(tags=["follow-up tasks"])


@router.get("/mine", response=answers(list[TaskOut], refused=(403,)), url_name="my_tasks")
def my_tasks(
    request: AuthenticatedHttpRequest, response: HttpResponse, page: Query[PageParams]
) -> Any:
    """The caller's open tasks: urgent, overdue, due this week, later (staff only), paged."""
    if not policies.can_have_tasks(request.user):
        raise PermissionDenied
    tasks = selectors.open_tasks(user=request.user)
    groups = selectors.group_tasks(page_of(tasks, page, request=request, response=response))
    audit_read(request, groups.values())
    return [
        {
            "id": task.pk,
            "group": group,
            "kind": task.kind,
            "title": task.title,
            "description": task.description,
            "due_on": task.due_on,
            "is_urgent": task.is_urgent,
            "site": task.site.name,
            "friendship_id": task.friendship_id,
            "referral_id": task.referral_id,
            "volunteer_family_id": task.volunteer_family_id,
            "concern_id": task.concern_id,
            "attempts": getattr(task, "attempt_count", 0),
        }
        for group, tasks in groups.items()
        for task in tasks
    ]
