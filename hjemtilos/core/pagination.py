"""Paging and filtering helpers for list pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PAGE_SIZE = 50

_M = TypeVar("_M", bound=models.Model)


class _HasPk(Protocol):
    pk: Any


S = TypeVar("S", bound=_HasPk)


def paginate(request: HttpRequest, queryset: QuerySet[_M], per_page: int = PAGE_SIZE) -> Page[_M]:
    """The requested page; an invalid or too large page number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("side"))


def choice_filter(request: HttpRequest, name: str, choices: type[models.Choices]) -> str:
    """A filter value from the query string, ignored unless it is one of ``choices``."""
    value = request.GET.get(name, "")
    return value if value in choices.values else ""


def status_list_page(
    request: HttpRequest,
    template: str,
    statuses: type[models.Choices],
    rows: Callable[[str], Any],
    *,
    shown: Callable[[Iterable[Any]], None] | None = None,
) -> HttpResponse:
    """A list page filtered by ``?status=`` (one of ``statuses``, or all) and paged.

    ``rows(status)`` gives the rows for the chosen status ("" for all); the template
    gets ``page``, ``status`` and ``statuses`` (``includes/status_filter.html``).
    ``shown`` is told the rows of the page shown (the view records the read).
    """
    status = choice_filter(request, "status", statuses)
    page = paginate(request, rows(status))
    if shown is not None:
        shown(page.object_list)
    context = {"page": page, "status": status}
    return render(request, template, {**context, "statuses": statuses.choices})


def site_filter(request: HttpRequest, sites: Sequence[S], *, required: bool = False) -> S | None:
    """The site chosen with ``?site=`` among ``sites`` (the user's own; any other is ignored).

    Without a choice: ``None`` ("all your sites"), or the first site when the page
    shows one site at a time (``required``). ``includes/site_filter.html`` is its box.
    """
    wanted = request.GET.get("site", "")
    chosen = next((site for site in sites if str(site.pk) == wanted), None)
    if chosen is None and required and sites:
        return sites[0]
    return chosen
