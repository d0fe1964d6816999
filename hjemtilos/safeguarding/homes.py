"""The advisory team's home page (``core.homes``): the queue first, then the sites.

It reads concerns, so it lives here, above ``friendships``, whose logbook
follow-ups and site figures it shows too.
"""

from __future__ import annotations

from typing import Any

from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.friendships.homes import advisory_home as friendships_advisory_home
from hjemtilos.privacy.audit import audit_read
from hjemtilos.safeguarding import policies, selectors

#: How many concerns of the queue the home page shows (the queue page has them all).
QUEUE_ON_HOME = 10


def advisory_home(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    user = request.user
    queue = selectors.concern_list(user=user, status="open")
    shown = list(queue[:QUEUE_ON_HOME])
    tasks = selectors.advisory_tasks_open()
    # The queue and the tasks name the children of the concerns they show.
    audit_read(request, shown, [task.concern for task in tasks])
    return {
        **friendships_advisory_home(request),
        "queue": shown,
        "queue_count": queue.count(),
        "advisory_tasks": tasks,
        "is_lead": policies.is_advisory_lead(user),
    }
