"""No page shows a link its viewer cannot open.

For each role a small crawler (the test client, no browser) starts at the
home page and the role's own pages, reads every ``<a href>`` on every page
it reaches and follows it. A link that answers 403 or 404 is a link the
template should not have shown: templates decide with ``{% link_url %}``,
which asks the policy of the view the URL leads to.
"""

from __future__ import annotations

from collections import deque
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hjemtilos.accounts.models import Role
from hjemtilos.conftest import make_user
from hjemtilos.core.tests.test_access_matrix import world  # noqa: F401 - the shared fixture
from hjemtilos.followups.models import FollowUpTask
from hjemtilos.organisations.models import SiteMembership

# Where the crawl does not go: the Django admin's own pages (administrators
# only, guarded by Django), static files, the JSON API and the calendar feeds
# (not pages), and the language switch.
NOT_CRAWLED = ("/admin/", "/static/", "/media/", "/api/", "/i18n/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_on(html: str, base: str) -> list[str]:
    """The site-internal links of a page, absolute paths with their query, no fragment."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path
        if not path or path.startswith(NOT_CRAWLED) or path.endswith(".ics"):
            continue
        found.append(path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client: Client, start: list[str], *, limit: int = 400) -> list[tuple[str, str, int]]:
    """Follow every link from ``start``; the links that were refused, with the page they were on.

    Each path is visited once (with the first query string it was found
    with), so a list's filters and pages do not multiply the crawl.
    """
    refused = []
    seen: set[str] = set()
    queue: deque[tuple[str, str]] = deque((url, "(start)") for url in start)
    while queue and len(seen) < limit:
        url, found_on = queue.popleft()
        path = urlsplit(url).path
        if path in seen:
            continue
        seen.add(path)
        response = client.get(url)
        if response.status_code in (403, 404):
            refused.append((url, found_on, response.status_code))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links_on(response.content.decode(), url):
            if urlsplit(link).path not in seen:
                queue.append((link, url))
    assert len(seen) < limit, "the crawl did not finish; raise the limit"
    return refused


# Pages to start from besides the home page (so the crawl reaches the detail
# pages too), by role: (URL name, the world's object it is about).
START: dict[str, list[tuple[str, str]]] = {
    "staff": [
        ("friendships:detail", "friendship"),
        ("safeguarding:concern", "concern"),
        ("referrals:detail", "referral"),
        ("matching:proposal", "proposal"),
    ],
    "other_staff": [],
    "advisory": [("friendships:detail", "friendship"), ("safeguarding:concern", "concern")],
    "caseworker": [("referrals:detail", "referral")],
    "other_caseworker": [],
    "volunteer": [("friendships:portal", "friendship")],
    "parent": [("friendships:portal", "friendship")],
    "evaluator": [],
    # Administrators see no concern: their safeguarding pages (the advisory team's lead,
    # the municipalities' notification addresses) are reached from the menu.
    "administrator": [],
    # A colleague at the same site who leads it: sees everyone's overdue tasks,
    # but not the concern of a friendship someone else is contact person for.
    "colleague": [],
}


@pytest.fixture
def colleague(world):  # noqa: F811
    """A second staff member at the world's site, its lead, with the concern's task overdue."""
    user = make_user(Role.STAFF, "colleague@example.org", "Kamma")
    SiteMembership.objects.create(site=world["site"], user=user, is_lead=True)
    FollowUpTask.objects.filter(concern=world["concern"]).update(
        due_on=timezone.localdate() - timedelta(days=2)
    )
    return user


@pytest.mark.parametrize("role", sorted(START))
def test_no_page_links_to_a_page_its_viewer_is_refused(role, world, colleague, login):  # noqa: F811
    world = {**world, "colleague": colleague}
    start = ["/"] + [reverse(name, args=[world[key].pk]) for name, key in START[role]]
    if role == "colleague":
        start.append(reverse("followups:overdue"))
    refused = crawl(login(world[role]), start)
    assert not refused, f"{role} is shown links it cannot open (url, on page, status): {refused}"
