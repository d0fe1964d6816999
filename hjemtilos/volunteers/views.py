"""Staff pages for volunteer families."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hjemtilos.core.pagination import choice_filter, paginate
from hjemtilos.privacy.audit import audit_log_access
from hjemtilos.volunteers import policies, selectors
from hjemtilos.volunteers.models import VolunteerFamilyStatus


def family_list(request: HttpRequest) -> HttpResponse:
    if not policies.can_list_families(request.user):
        raise PermissionDenied
    status = choice_filter(request, "status", VolunteerFamilyStatus)
    page = paginate(request, selectors.family_list(user=request.user, status=status))
    return render(
        request,
        "volunteers/family_list.html",
        {"page": page, "status": status, "statuses": VolunteerFamilyStatus.choices},
    )


def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not policies.can_list_families(request.user):
        raise PermissionDenied
    family = selectors.family_detail(user=request.user, pk=pk)
    if family is None:
        raise Http404
    audit_log_access(family)
    return render(request, "volunteers/family_detail.html", {"family": family})
