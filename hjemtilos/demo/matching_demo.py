"""Matching on the demo site: realistic facts, one open proposal and one declined pair.

Called by the demo generator after the children and families exist. The
waiting children get wishes and a pickup place, the approved families what
they offer (``matching_facts``); then staff propose a family for one child
(the parent has said yes, the family has not answered yet) and another
proposal was declined by the family. The proposals go through the real
services, so their tasks are on the demo staff member's list.
"""

from __future__ import annotations

import random

from django.conf import settings
from django.utils import translation

from hjemtilos.accounts.models import User
from hjemtilos.demo import matching_facts
from hjemtilos.matching import engine, services
from hjemtilos.matching.models import Side
from hjemtilos.organisations.models import PostalCode, Site
from hjemtilos.referrals.models import Referral, ReferralStatus
from hjemtilos.volunteers.models import VolunteerFamily, VolunteerFamilyStatus

SEED = 2031


def build_matching_demo(site: Site, staff: User) -> None:
    # Task titles and explanations are written in the language of the one who
    # acts; the demo site's staff work in Danish.
    with translation.override(settings.LANGUAGE_CODE):
        _build(site, staff)


def _build(site: Site, staff: User) -> None:
    rng = random.Random(SEED)
    codes = list(PostalCode.objects.filter(municipality=site.municipality_id).order_by("code"))
    families = list(
        VolunteerFamily.objects.filter(site=site, status=VolunteerFamilyStatus.APPROVED).order_by(
            "id"
        )
    )
    for family in families:
        facts = matching_facts.family_facts(rng)
        # The demo site's families are open to most children, as the programme's are.
        facts["child_age_min"], facts["child_age_max"] = 4, rng.choice([11, 12, 13])
        facts["weekdays"] = sorted(set(facts["weekdays"]) | {rng.randrange(5)})
        for name, value in facts.items():
            setattr(family, name, value)
        family.save(update_fields=list(facts))
    waiting = list(
        Referral.objects.filter(site=site, status=ReferralStatus.READY_FOR_MATCHING)
        .select_related("child", "site")
        .order_by("id")
    )
    for referral in waiting:
        wishes = matching_facts.referral_wishes(rng)
        for name, value in wishes.items():
            setattr(referral, name, value)
        referral.save(update_fields=list(wishes))
        child = referral.child
        child.school_postal_code = rng.choice([child.family.postal_code, rng.choice(codes)])
        child.save(update_fields=["school_postal_code"])

    proposed = declined = False
    for referral in waiting:
        ranking = engine.rank(referral)
        if not ranking.candidates:
            continue
        family = VolunteerFamily.objects.get(pk=ranking.candidates[0].family_id)
        if not declined:
            proposal = services.match_proposal_create(referral=referral, family=family, by=staff)
            services.match_proposal_answer(
                proposal=proposal,
                side=Side.FAMILY,
                accepted=False,
                reason="Familien ønsker et barn, der er lidt ældre end deres egne.",
                by=staff,
            )
            declined = True
        elif not proposed:
            proposal = services.match_proposal_create(referral=referral, family=family, by=staff)
            services.match_proposal_answer(
                proposal=proposal, side=Side.PARENT, accepted=True, by=staff
            )
            proposed = True
    services.suggestion_run(site=site, by=staff)
