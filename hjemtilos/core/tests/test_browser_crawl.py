"""Every role's pages in a real browser, at desktop width and on a 390 px phone.

For each role the crawl signs in on the world the access walk builds (a site,
one person per role, a referral, a family, their friendship with visits, a
concern, …), starts at the home page and the role's own detail pages, and
follows every link of ours it finds, breadth first, GET only. Each distinct
URL pattern is visited once per role (the first object found stands for the
others), so the run stays short. On every page it asserts:

- no answer 5xx, and no link shown that answers 403 or 404;
- at 1280 px and at 390 px, the document is no wider than the screen and every
  visible action (a button, a link styled as one) lies inside the screen;
- axe-core (npm, served from our own static files) finds no serious or
  critical violation: every rule at desktop width, the rules that depend on
  the layout again at 390 px.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from hjemtilos.core.tests.test_access_matrix import world  # noqa: F401 - the shared fixture
from hjemtilos.core.tests.test_links import START, colleague  # noqa: F401 - shared fixture

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Not pages of ours, or not for a crawl: Django's admin, files, the JSON API
# (its documentation page excepted), the language switch, calendar feeds.
NOT_CRAWLED = ("/admin/", "/static/", "/media/", "/api/", "/i18n/")
CRAWLED_ANYWAY = ("/api/docs",)
# Pages per role at most; the crawl fails if a role has more (raise it then).
LIMIT = 80

ROLES = {
    "staff": "staff",
    "site_lead": "colleague",
    "advisory": "advisory",
    "administrator": "administrator",
    "caseworker": "caseworker",
    "evaluator": "evaluator",
    "volunteer": "volunteer",
    "parent": "parent",
}

# What a page's layout looks like from inside the browser: its width, the actions
# that stick out of the screen, and its links.
MEASURE = """() => {
  const width = window.innerWidth;
  const visible = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const actions = [...document.querySelectorAll(
    'main button, main input[type=submit], main a.button, main [role=button]'
  )].filter(visible).filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.left < -1 || box.right > width + 1);
  }).map((el) => (el.innerText || el.value || el.outerHTML.slice(0, 80)).trim());
  return {
    width,
    scrollWidth: document.documentElement.scrollWidth,
    offscreen: actions,
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
  };
}"""

# At 390 px only the rules whose outcome depends on the layout run again (the rest
# were checked at desktop width on the same page): it halves the crawl's time.
LAYOUT_RULES = ["scrollable-region-focusable", "target-size", "meta-viewport", "color-contrast"]

AXE = """async (rules) => {
  const options = {resultTypes: ['violations']};
  if (rules) { options.runOnly = {type: 'rule', values: rules}; }
  const result = await axe.run(document, options);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ` +
      v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
}"""


@dataclass
class Crawl:
    base: str
    problems: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    visited: int = 0


def pattern_of(path: str) -> str:
    """The URL pattern a path belongs to: one visit stands for every object."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return f"{match.namespace}:{match.url_name}:{match.route}"


def is_ours(url: str, base: str) -> str | None:
    """The path and query of a same-origin page link worth crawling, else None."""
    url = urldefrag(url).url
    if not url.startswith(base):
        return None
    parts = urlsplit(url)
    path = parts.path or "/"
    if path.startswith(NOT_CRAWLED) and not path.startswith(CRAWLED_ANYWAY):
        return None
    if path.endswith((".ics", ".pdf", ".csv", ".xlsx")) or "log-ud" in path:
        return None
    query = parts.query
    if any(f"format={kind}" in query for kind in ("csv", "xlsx", "pdf")):
        return None
    return path + (f"?{query}" if query else "")


def check_layout(
    page: Any, crawl: Crawl, url: str, label: str, rules: list[str] | None = None
) -> list[str]:
    measured = page.evaluate(MEASURE)
    if measured["scrollWidth"] > measured["width"]:
        crawl.problems.append(
            f"{url} at {label}: {measured['scrollWidth']} px wide"
            f" on a {measured['width']} px screen"
        )
    if measured["offscreen"]:
        crawl.problems.append(f"{url} at {label}: actions off screen: {measured['offscreen']}")
    violations = page.evaluate(AXE, rules)
    if violations:
        crawl.problems.append(f"{url} at {label}: axe: {violations}")
    links: list[str] = measured["links"]
    return links


def visit(page: Any, crawl: Crawl, url: str, found_on: str) -> list[str]:
    """Open ``url``; record what is wrong; the links on it."""
    try:
        response = page.goto(crawl.base + url)
    except Exception as error:  # a download starts instead of a page
        if "Download is starting" in str(error):
            return []
        raise
    crawl.visited += 1
    status = response.status if response else 0
    if status >= 500:
        crawl.problems.append(f"{url} (linked from {found_on}) answered {status}")
        return []
    if status in (403, 404):
        crawl.problems.append(f"{url} is shown on {found_on} but answers {status}")
        return []
    if "text/html" not in (response.headers.get("content-type", "") if response else ""):
        return []
    if url.startswith(CRAWLED_ANYWAY):
        # Swagger UI draws the API's description after the page has loaded.
        page.wait_for_selector("#swagger-ui .swagger-ui")
        page.wait_for_load_state("networkidle")
    page.add_script_tag(url=crawl.base + "/static/axe/axe.min.js")
    links = check_layout(page, crawl, url, "desktop")
    page.set_viewport_size(PHONE)
    check_layout(page, crawl, url, "390 px", LAYOUT_RULES)
    page.set_viewport_size(DESKTOP)
    return links


def run_crawl(page: Any, start: list[str]) -> Crawl:
    crawl = Crawl(base=page.base)
    queue: deque[tuple[str, str]] = deque((url, "(start)") for url in start)
    while queue:
        url, found_on = queue.popleft()
        key = pattern_of(urlsplit(url).path)
        if key in crawl.seen:
            continue
        crawl.seen.add(key)
        assert len(crawl.seen) <= LIMIT, "the crawl did not finish; raise LIMIT"
        for link in visit(page, crawl, url, found_on):
            ours = is_ours(link, crawl.base)
            if ours and pattern_of(urlsplit(ours).path) not in crawl.seen:
                queue.append((ours, url))
    return crawl


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_page_of_every_role_fits_a_phone_and_passes_axe(
    role,
    world,  # noqa: F811
    colleague,  # noqa: F811
    new_page,
    browser_session,
):
    world = {**world, "colleague": colleague}
    key = ROLES[role]
    page = new_page(viewport=DESKTOP)
    browser_session(page, world[key])
    start = ["/"] + [reverse(name, args=[world[obj].pk]) for name, obj in START[key]]
    if role == "site_lead":
        start.append(reverse("followups:overdue"))
    if role == "staff":
        start.append("/api/docs")
    crawl = run_crawl(page, start)
    assert crawl.visited > 3
    assert not crawl.problems, f"{role}:\n" + "\n".join(crawl.problems)
