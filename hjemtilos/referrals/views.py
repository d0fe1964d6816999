"""Staff pages for children and referrals. Rules live in policies and selectors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hjemtilos.core.pagination import choice_filter, paginate
from hjemtilos.privacy.audit import audit_log_access
from hjemtilos.referrals import policies, selectors
from hjemtilos.referrals.models import ReferralStatus


def referral_list(request: HttpRequest) -> HttpResponse:
    if not policies.can_list_children(request.user):
        raise PermissionDenied
    status = choice_filter(request, "status", ReferralStatus)
    page = paginate(request, selectors.referral_list(user=request.user, status=status))
    return render(
        request,
        "referrals/referral_list.html",
        {"page": page, "status": status, "statuses": ReferralStatus.choices},
    )


def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not policies.can_list_children(request.user):
        raise PermissionDenied
    child = selectors.child_detail(user=request.user, pk=pk)
    if child is None:
        raise Http404
    audit_log_access(child)
    return render(request, "referrals/child_detail.html", {"child": child})
