"""Pages of the JSON API's lists.

A list operation takes ``limit`` (at most ``MAX_LIMIT`` rows, ``DEFAULT_LIMIT`` unless
asked) and ``offset``, and answers with a ``Link: <…>; rel="next"`` header (RFC 8288)
while more rows follow. The next page is known by reading one row more than the page,
not by counting: a count over a national site's rows costs more than the page itself.
A page of rows is also what is audited and decrypted, so a client reading a whole list
pays for it page by page instead of one request holding a worker for the lot.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Far beyond any real list of one caller's sites; stops a scan through a huge OFFSET.
MAX_OFFSET = 100_000

_M = TypeVar("_M", bound=models.Model)


class PageParams(Schema):
    """``?limit=&offset=`` of a list operation."""

    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows on the page (1–{MAX_LIMIT})."
    )
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description="Rows to skip; follow the `Link` header's `next` for the next page.",
    )


def page_of(
    rows: models.QuerySet[_M],
    page: PageParams,
    *,
    request: HttpRequest,
    response: HttpResponse,
) -> list[_M]:
    """The rows of the page asked for; sets the ``Link`` header when a next page exists.

    ``rows`` is an ordered queryset: the page is sliced in SQL (LIMIT/OFFSET), one row
    more than asked to learn whether a next page exists.
    """
    shown = list(rows[page.offset : page.offset + page.limit + 1])
    if len(shown) > page.limit:
        del shown[page.limit :]
        query = request.GET.copy()
        query["limit"] = str(page.limit)
        query["offset"] = str(page.offset + page.limit)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        response["Link"] = f'<{next_url}>; rel="next"'
    return shown
