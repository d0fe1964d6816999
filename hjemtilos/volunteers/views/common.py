"""Helpers shared by the volunteers app's pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from hjemtilos.volunteers import selectors
from hjemtilos.volunteers.models import VolunteerFamily


def family_or_404(request: HttpRequest, pk: int) -> VolunteerFamily:
    family = selectors.family_detail(user=request.user, pk=pk)
    if family is None:
        raise Http404
    return family
