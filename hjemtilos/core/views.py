"""Role home pages: each role lands on a page made for its task."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hjemtilos.core.homes import home_provider

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User


def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]  # login is required here
    context = home_provider(user.role)(user)
    return render(request, f"core/home_{user.role}.html", context)
