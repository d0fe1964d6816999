"""The advisory team's home page (``core.homes``): the queue first, then the sites.

It reads concerns, so it lives here, above ``friendships``, whose logbook
follow-ups and site figures it shows too.
"""

from __future__ import annotations

from typing import Any

from hjemtilos.accounts.models import User
from hjemtilos.friendships.homes import advisory_home as friendships_advisory_home
from hjemtilos.safeguarding import policies, selectors

#: How many concerns of the queue the home page shows (the queue page has them all).
QUEUE_ON_HOME = 10


def advisory_home(user: User) -> dict[str, Any]:
    queue = selectors.concern_list(user=user, status="open")
    return {
        **friendships_advisory_home(user),
        "queue": list(queue[:QUEUE_ON_HOME]),
        "queue_count": queue.count(),
        "advisory_tasks": selectors.advisory_tasks_open(),
        "is_lead": policies.is_advisory_lead(user),
    }
