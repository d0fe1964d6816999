"""Role home pages: each role lands on a page made for its task."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from hjemtilos.core.homes import home_provider
from hjemtilos.core.http import AuthenticatedHttpRequest


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    role = request.user.role
    return render(request, f"core/home_{role}.html", home_provider(role)(request))
