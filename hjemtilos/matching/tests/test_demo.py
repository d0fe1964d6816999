"""The demo site shows matching: waiting children with candidates, an open proposal, a
declined pair, and a site-wide suggestion."""

from __future__ import annotations

import pytest

from hjemtilos.demo.generator import DEMO_SITE_NAME, generate_demo
from hjemtilos.matching import engine
from hjemtilos.matching.models import OPEN_STATUSES, DeclinedPair, MatchProposal, SuggestionRun
from hjemtilos.organisations.models import Site
from hjemtilos.referrals.models import Referral, ReferralStatus

pytestmark = pytest.mark.usefixtures("reference_data")


def test_the_demo_site_has_matching_to_show():
    generate_demo()
    site = Site.objects.get(name=DEMO_SITE_NAME)
    waiting = Referral.objects.filter(site=site, status=ReferralStatus.READY_FOR_MATCHING)
    assert waiting.count() >= 4
    with_candidates = [r for r in waiting if engine.rank(r).candidates]
    assert len(with_candidates) >= 3
    assert MatchProposal.objects.filter(site=site, status__in=OPEN_STATUSES).count() == 1
    assert DeclinedPair.objects.filter(family__site=site).count() == 1
    assert SuggestionRun.objects.filter(site=site).exists()
