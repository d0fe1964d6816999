"""Every hard constraint keeps a family out of a child's candidates, with its reason counted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from hjemtilos.demo.builders import build_friendship, build_referral
from hjemtilos.friendships.models import FriendshipStatus
from hjemtilos.matching import engine, services
from hjemtilos.matching.models import DeclinedPair, EarlyEndingRule, MatchingSettings
from hjemtilos.matching.tests.conftest import excluded, family_ids
from hjemtilos.referrals.models import ReferralStatus
from hjemtilos.volunteers.models import HouseholdMember, VolunteerFamily
from hjemtilos.volunteers.services import family_vetting_refresh


def test_a_fitting_family_is_a_candidate(make_child, make_family):
    child = make_child()
    family = make_family()
    ranking = engine.rank(child)
    assert family_ids(ranking) == [family.pk]
    assert ranking.allowed == 1 and excluded(ranking) == {}


@pytest.mark.parametrize("status", ["applied", "vetting", "resting"])
def test_a_family_that_is_not_approved_is_left_out(make_child, make_family, status):
    child = make_child()
    family = make_family(status=status)
    ranking = engine.rank(child)
    assert family.pk not in family_ids(ranking)
    assert excluded(ranking) == {"not_approved": 1}


def test_a_family_in_a_running_friendship_has_no_room_unless_staff_allow_two(
    make_child, make_family, site, caseworker
):
    child = make_child()
    family = make_family(status="matched")
    other = build_referral(site=site, caseworker=caseworker, status=ReferralStatus.MATCHED)
    build_friendship(
        referral=other, family=family, started_on=timezone.localdate() - timedelta(weeks=8)
    )
    ranking = engine.rank(child)
    assert family.pk not in family_ids(ranking)
    assert excluded(ranking)["no_room"] == 1

    VolunteerFamily.objects.filter(pk=family.pk).update(max_children=2)
    assert family.pk in family_ids(engine.rank(child))


def test_a_missing_certificate_keeps_the_family_out(make_child, make_family):
    child = make_child()
    family = make_family()
    # A teenager moves in: 15 and over needs both certificates, none are there.
    HouseholdMember.objects.create(
        family=family, first_name="Oskar", last_name="Test", date_of_birth=date(2009, 1, 1)
    )
    family_vetting_refresh([family.pk])
    ranking = engine.rank(child)
    assert family.pk not in family_ids(ranking)
    assert excluded(ranking)["vetting"] == 1


def test_the_child_s_age_outside_the_family_s_range_excludes(make_child, make_family):
    child = make_child(age=8)
    make_family(child_age_min=10, child_age_max=13)
    make_family(child_age_min=4, child_age_max=7)
    ranking = engine.rank(child)
    assert ranking.candidates == []
    assert excluded(ranking) == {"age": 2}


def test_a_need_the_family_cannot_take_on_excludes(make_child, make_family):
    child = make_child(need_tags=["adhd", "anxiety"])
    refuses = make_family(cannot_take_on=["adhd"])
    takes = make_family(cannot_take_on=["autism"])
    ranking = engine.rank(child)
    assert family_ids(ranking) == [takes.pk]
    assert refuses.pk not in family_ids(ranking)
    assert excluded(ranking) == {"needs": 1}


def test_no_common_weekday_excludes(make_child, make_family, staff):
    child = make_child()
    services.child_weekdays_update(referral=child, by=staff, weekdays=[0])  # Mondays only
    thursday = make_family(weekdays=[3])
    monday = make_family(weekdays=[0, 3])
    ranking = engine.rank(child)
    assert family_ids(ranking) == [monday.pk]
    assert thursday.pk not in family_ids(ranking)
    assert excluded(ranking) == {"weekday": 1}


def test_travel_over_the_site_limit_excludes(make_child, make_family, site):
    child = make_child(postal="2200")
    near = make_family(postal="2100", transport="bike")
    far = make_family(postal="3000", transport="car")  # Helsingør, 40 km away
    ranking = engine.rank(child)
    assert family_ids(ranking) == [near.pk]
    assert far.pk not in family_ids(ranking)
    assert excluded(ranking) == {"travel": 1}
    # The limit is the site's own: 5 minutes leaves even the bike ride out.
    site.max_travel_minutes = 5
    site.save()
    child.site.refresh_from_db()
    assert engine.rank(child).candidates == []


def test_a_pair_declined_before_is_never_a_candidate_again(make_child, make_family):
    child = make_child()
    family = make_family()
    DeclinedPair.objects.create(child=child.child, family=family, declined_by="parent")
    ranking = engine.rank(child)
    assert ranking.candidates == []
    assert excluded(ranking) == {"declined": 1}


def test_a_family_in_another_open_proposal_is_left_out(make_child, make_family, staff):
    first, second = make_child(), make_child()
    family = make_family()
    services.match_proposal_create(referral=first, family=family, by=staff)
    ranking = engine.rank(second)
    assert ranking.candidates == []
    assert excluded(ranking) == {"open_proposal": 1}


def _early_ending(site, caseworker, child_referral, family):
    """A sibling of the child (same birth family) whose friendship with ``family`` ended early."""
    sibling = build_referral(
        site=site,
        caseworker=caseworker,
        status=ReferralStatus.MATCHED,
        first_name="Storebror",
        postal_code=child_referral.child.family.postal_code,
    )
    sibling.child.family = child_referral.child.family
    sibling.child.save(update_fields=["family"])
    started = timezone.localdate() - timedelta(weeks=30)
    build_friendship(
        referral=sibling,
        family=family,
        started_on=started,
        status=FriendshipStatus.ENDED_EARLY,
        weeks=8,
        ended_on=started + timedelta(weeks=8),
    )


def test_a_sibling_s_early_ending_blocks_by_default_and_warns_where_the_site_chooses(
    make_child, make_family, site, caseworker, staff
):
    child = make_child()
    family = make_family()
    _early_ending(site, caseworker, child, family)
    ranking = engine.rank(child)
    assert ranking.candidates == []
    assert excluded(ranking) == {"ended_early": 1}
    with pytest.raises(ValidationError):
        services.match_proposal_create(referral=child, family=family, by=staff)

    MatchingSettings.objects.create(site=site, early_ending=EarlyEndingRule.WARN)
    ranking = engine.rank(child)
    assert family_ids(ranking) == [family.pk]
    assert "Storebror" in ranking.candidates[0].warnings[0]
    proposal = services.match_proposal_create(referral=child, family=family, by=staff)
    assert "Storebror" in proposal.warning_texts()[0]
    assert set(proposal.warnings) == {"da", "en"}


def test_families_of_other_sites_are_never_candidates(make_child, other_volunteer_family):
    ranking = engine.rank(make_child())
    assert other_volunteer_family.pk not in family_ids(ranking)
    assert ranking.pool == 0


def test_proposing_an_excluded_family_is_refused_with_the_reason(make_child, make_family, staff):
    child = make_child(age=8)
    family = make_family(child_age_min=10)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.match_proposal_create(referral=child, family=family, by=staff)
    assert "the child's age is outside what the family can take" in refused.value.messages[0]
    assert not child.match_proposals.exists()
