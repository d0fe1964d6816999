"""Query-count assertions for tests (used by tests only; the app code never imports it).

Modelled on Zulip's ``assert_database_query_count``: a page's exact number of
SQL statements is pinned with a name, so a change that adds a query (an N+1
loop, a forgotten ``select_related``) fails with the statements it ran, and a
change that removes one is told to lower the number.

Two things are kept out of the count so that it is the same in every run:
savepoint statements (they depend on how deeply the test itself nests
transactions, not on what the page does) and the content-type lookups a
running server makes once per process (the cache is filled before measuring,
so it does not matter which earlier test in the same process filled it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

if TYPE_CHECKING:
    # The test client's response (with ``context`` and ``json()``), as the stubs name it.
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

_SAVEPOINT_PREFIXES = ("SAVEPOINT ", "RELEASE SAVEPOINT ", "ROLLBACK TO SAVEPOINT ")


class CapturedQueries:
    """The statements run inside ``assert_query_count`` (filled when the block ends)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __len__(self) -> int:
        return len(self.statements)


def _report(name: str, expected: int, statements: list[str]) -> None:
    """Print the statements and fail: the test output then shows what ran, numbered."""
    print(f"\n{name}: the {len(statements)} SQL statements that ran:")
    for number, sql in enumerate(statements, start=1):
        print(f"#{number}: {sql}")
    raise AssertionError(
        f"{name}: {expected} queries expected, {len(statements)} ran (the SQL is printed above). "
        "If a query was removed or the new one is needed, change the number in the test."
    )


@contextmanager
def assert_query_count(
    count: int, name: str, *, include_savepoints: bool = False, using: str = DEFAULT_DB_ALIAS
) -> Iterator[CapturedQueries]:
    """Fail unless the block runs exactly ``count`` SQL statements.

    ``name`` says what was measured ("the staff's referral list") in the
    failure message, which lists every statement that ran.
    """
    ContentType.objects.get_for_models(*apps.get_models())
    captured = CapturedQueries()
    with CaptureQueriesContext(connections[using]) as context:
        yield captured
    captured.statements = [
        query["sql"]
        for query in context.captured_queries
        if include_savepoints or not query["sql"].startswith(_SAVEPOINT_PREFIXES)
    ]
    if len(captured) != count:
        _report(name, count, captured.statements)


def get_page(
    client: Client,
    url: str,
    *,
    queries: int,
    name: str,
    status: int = 200,
    data: dict[str, Any] | None = None,
    first_visit: bool = False,
    **headers: Any,
) -> TestResponse:
    """GET ``url`` and assert it answers ``status`` in exactly ``queries`` statements.

    The page is fetched once first, unmeasured, as a running server would have
    served it before: what a process reads once and keeps (content types, the
    postal districts matching uses) must not be counted only when no earlier
    test in the same process happened to read it. ``first_visit=True``
    measures the very first request instead, for a page whose first visit
    does something (writes the site's plan, shows a one-time receipt).
    """
    if not first_visit:
        client.get(url, data, **headers)
    with assert_query_count(queries, name):
        response = client.get(url, data, **headers)
    if response.status_code != status:
        raise AssertionError(f"{name}: status {response.status_code}, expected {status}")
    return response


def get_page_before_and_after(
    client: Client,
    url: str,
    *,
    queries: int,
    name: str,
    change: Callable[[], object],
    **kwargs: Any,
) -> tuple[TestResponse, TestResponse]:
    """GET ``url`` before and after ``change()`` adds rows: exactly ``queries`` statements both
    times, so the page's cost does not grow with the data (a list page, a busy case)."""
    before = get_page(client, url, queries=queries, name=f"{name}, before", **kwargs)
    change()
    after = get_page(client, url, queries=queries, name=f"{name}, after more rows", **kwargs)
    return before, after
