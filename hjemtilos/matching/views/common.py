"""Helpers shared by the matching views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest

from hjemtilos.matching import policies, selectors
from hjemtilos.matching.models import MatchProposal
from hjemtilos.organisations.models import Site
from hjemtilos.referrals.models import Referral


def require_matching(request: HttpRequest) -> None:
    if not policies.can_match(request.user):
        raise PermissionDenied


def referral_or_404(request: HttpRequest, pk: int) -> Referral:
    require_matching(request)
    referral = selectors.referral_for_matching(user=request.user, pk=pk)
    if referral is None:
        raise Http404
    return referral


def proposal_or_404(request: HttpRequest, pk: int) -> MatchProposal:
    require_matching(request)
    proposal = selectors.proposal_detail(user=request.user, pk=pk)
    if proposal is None:
        raise Http404
    return proposal


def chosen_site(request: HttpRequest, sites: list[Site]) -> Site | None:
    """The site named by ``?site=`` among ``sites``, or the first."""
    wanted = request.GET.get("site") or request.POST.get("site") or ""
    return next((s for s in sites if str(s.pk) == wanted), sites[0] if sites else None)


def site_or_404(request: HttpRequest, pk: int) -> Site:
    require_matching(request)
    site = (
        policies.matching_sites(request.user).select_related("municipality").filter(pk=pk).first()
    )
    if site is None:
        raise Http404
    return site


def error_text(error: ValidationError) -> str:
    messages: Any = error.messages
    return " ".join(str(m) for m in messages)
