"""Staff pages for friendships, with recent visits and logbook entries."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hjemtilos.core.pagination import choice_filter, paginate
from hjemtilos.friendships import policies, selectors
from hjemtilos.friendships.models import FriendshipStatus
from hjemtilos.privacy.audit import audit_log_access
from hjemtilos.volunteers.policies import can_list_families


def friendship_list(request: HttpRequest) -> HttpResponse:
    if not policies.can_list_friendships(request.user):
        raise PermissionDenied
    status = choice_filter(request, "status", FriendshipStatus)
    page = paginate(request, selectors.friendship_list(user=request.user, status=status))
    return render(
        request,
        "friendships/friendship_list.html",
        {"page": page, "status": status, "statuses": FriendshipStatus.choices},
    )


def friendship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not policies.can_list_friendships(request.user):
        raise PermissionDenied
    friendship = selectors.friendship_detail(user=request.user, pk=pk)
    if friendship is None:
        raise Http404
    audit_log_access(friendship)
    return render(
        request,
        "friendships/friendship_detail.html",
        {
            "friendship": friendship,
            "visits": selectors.recent_visits(friendship),
            "logbook_entries": selectors.recent_logbook_entries(friendship),
            "family_link": can_list_families(request.user),
        },
    )
