"""Helpers shared by the friendship pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from hjemtilos.friendships import policies, selectors
from hjemtilos.friendships.models import Friendship


def safe_next(request: HttpRequest, fallback: str) -> str:
    """Where to go back to: a ``next`` on this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def managed_friendship_or_404(request: HttpRequest, pk: int) -> Friendship:
    """A friendship the staff member runs; anyone else gets 404 (or 403 for other roles)."""
    if not policies.is_staff(request.user):
        raise PermissionDenied
    friendship = selectors.friendship_detail(user=request.user, pk=pk)
    if friendship is None or not policies.can_manage_friendship(request.user, friendship):
        raise Http404
    return friendship
