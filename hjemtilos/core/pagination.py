"""Paging and filtering helpers for list pages."""

from __future__ import annotations

from typing import TypeVar

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50

_M = TypeVar("_M", bound=models.Model)


def paginate(request: HttpRequest, queryset: QuerySet[_M], per_page: int = PAGE_SIZE) -> Page[_M]:
    """The requested page; an invalid or too large page number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("side"))


def choice_filter(request: HttpRequest, name: str, choices: type[models.Choices]) -> str:
    """A filter value from the query string, ignored unless it is one of ``choices``."""
    value = request.GET.get(name, "")
    return value if value in choices.values else ""
