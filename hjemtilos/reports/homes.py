"""The evaluator's home page (``core.homes``): programme figures, never a name."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.organisations.models import Site
from hjemtilos.referrals.models import Referral, ReferralStatus


def evaluator_home(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    # Aggregates only: evaluators never see a name (pseudonymised data).
    friendships = dict(Friendship.objects.values_list("status").annotate(n=Count("id")).order_by())
    referrals = dict(Referral.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {
        "friendship_counts": [(s.label, friendships.get(s.value, 0)) for s in FriendshipStatus],
        "referral_counts": [(s.label, referrals.get(s.value, 0)) for s in ReferralStatus],
        "site_count": Site.objects.filter(is_active=True).count(),
        "continued_privately": Friendship.objects.filter(
            status=FriendshipStatus.COMPLETED, continues_privately=True
        ).count(),
    }
