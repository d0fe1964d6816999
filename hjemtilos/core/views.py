"""Role home pages: each role lands on a page made for its task."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hjemtilos.accounts.models import User
from hjemtilos.core import homes


def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]  # login is required here
    context = homes.HOME_CONTEXT[user.role](user)
    return render(request, f"core/home_{user.role}.html", context)
