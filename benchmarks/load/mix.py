"""The Monday morning's mix: the Locust users' roles and weights, shared by ``prepare.py``
(which signs in one person for each user) and ``locustfile.py`` (which gives each user one).

Plain Python: the Locust file may not import Django, and ``prepare.py`` may not import Locust
(its gevent patching would change how Django's database connections behave).
"""

from __future__ import annotations

import re
from html import unescape
from math import ceil

# Locust user classes' ``weight`` by role: of 20 users, 10 staff, 4 volunteer families, ...
WEIGHTS = {"staff": 10, "volunteer": 4, "parent": 3, "caseworker": 2, "api": 1}


def people_needed(users: int) -> dict[str, int]:
    """How many people of each role a run of ``users`` Locust users takes at most.

    Locust spreads the users over the classes in proportion to their weights, never
    more of a class than its share rounded up (checked against Locust's dispatcher
    for every count up to 500), so that many people of each role give every user a
    person of their own.
    """
    total = sum(WEIGHTS.values())
    return {role: ceil(users * weight / total) for role, weight in WEIGHTS.items()}


# ``base.html`` names the menu counts' address on ``<body>`` for a user whose menu counts.
_MENU_COUNTS = re.compile(r'<body\b[^>]*\bdata-nav-counts="([^"]+)"')


def menu_counts_url(html: str) -> str | None:
    """The address of the menu's counts a served page asks for once it is shown, or None.

    ``app.js`` fetches it (``core:nav_counts``) after every page whose ``<body>`` has
    ``data-nav-counts``: every page a signed-in member of staff opens. The Locust users do
    the same, so the counts weigh in the mix as they do in the browsers.
    """
    found = _MENU_COUNTS.search(html)
    return unescape(found.group(1)) if found else None
