"""Referrals at the first step of intake."""

from __future__ import annotations

import pytest

from hjemtilos.demo.builders import build_referral
from hjemtilos.referrals.models import ReferralStatus


@pytest.fixture
def referral_submitted(site, caseworker):
    """Emma's referral, submitted by ``caseworker`` and waiting in ``site``'s intake queue."""
    return build_referral(site=site, caseworker=caseworker, status=ReferralStatus.SUBMITTED)
