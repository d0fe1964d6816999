"""Helpers shared by the referral pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from hjemtilos.referrals import selectors
from hjemtilos.referrals.models import Referral


def referral_or_404(request: HttpRequest, pk: int) -> Referral:
    referral = selectors.referral_detail(user=request.user, pk=pk)
    if referral is None:
        raise Http404
    return referral
