"""Each role lands on a home page made for its task, in Danish or English."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjemtilos.demo.builders import build_friendship, build_referral, build_volunteer_family
from hjemtilos.referrals.models import Guardian, ReferralStatus
from hjemtilos.volunteers.models import HouseholdMember


@pytest.fixture
def befriended(friendship, volunteer, parent, staff):
    """``volunteer`` and ``parent`` are the two sides of ``friendship``; staff is the contact."""
    member = friendship.family.members.order_by("date_of_birth").first()
    HouseholdMember.objects.filter(pk=member.pk).update(user=volunteer)
    Guardian.objects.filter(family=friendship.child.family).update(user=parent)
    friendship.family.contact_person = staff
    friendship.family.save()
    staff.phone = "+4533445566"
    staff.save()
    return friendship


def test_home_is_danish_by_default_and_english_on_request(login, caseworker):
    client = login(caseworker)
    response = client.get(reverse("core:home"))
    assert '<html lang="da">' in response.text
    assert "Velkommen, Carl" in response.text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("core:home"))
    assert '<html lang="en">' in response.text
    assert "Welcome, Carl" in response.text


def test_staff_home_counts_the_work_at_their_site(login, staff, site, caseworker, befriended):
    build_referral(site=site, caseworker=caseworker, status=ReferralStatus.SUBMITTED)
    build_referral(site=site, caseworker=caseworker, status=ReferralStatus.SUBMITTED)
    response = login(staff).get(reverse("core:home"))
    (row,) = response.context["site_rows"]
    assert row["site"] == site
    assert row["intake"] == 2
    assert row["running"] == 1
    assert row["unscreened"] == befriended.logbook_entries.count()
    assert site.name in response.text


def test_staff_home_queries_do_not_grow_with_data(login, staff, site, caseworker):
    client = login(staff)
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:home"))
    for i in range(10):
        referral = build_referral(site=site, caseworker=caseworker, first_name=f"B{i}")
        build_friendship(
            referral=referral,
            family=build_volunteer_family(site=site, name=f"F{i}"),
            started_on=timezone.localdate() - timedelta(weeks=5),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("core:home"))
    assert len(many) == len(few)


def test_caseworker_sees_own_referrals_but_never_the_volunteer_family(
    login, caseworker, befriended, other_referral
):
    response = login(caseworker).get(reverse("core:home"))
    assert befriended.child.full_name in response.text
    assert other_referral.child.full_name not in response.text
    assert befriended.family.name not in response.text
    assert befriended.family.street_address not in response.text
    started = befriended.started_on
    assert response.context["referrals"][0].friendship_started_on == started


def test_volunteer_sees_the_child_next_visit_and_contact_person(login, volunteer, befriended):
    response = login(volunteer).get(reverse("core:home"))
    assert befriended.child.first_name in response.text
    assert befriended.child.last_name not in response.text  # first name is enough
    next_visit = response.context["next_visit_on"]
    today = timezone.localdate()
    assert next_visit.weekday() == befriended.weekday and 0 <= (next_visit - today).days < 7
    assert "+4533445566" in response.text


def test_parent_sees_the_family_weekday_and_contact(login, parent, befriended):
    response = login(parent).get(reverse("core:home"))
    assert befriended.family.name in response.text
    assert befriended.get_weekday_display() in response.text
    assert "+4533445566" in response.text


def test_parent_without_a_friendship_is_told_so(login, parent):
    response = login(parent).get(reverse("core:home"))
    assert response.context["friendships"] == []
    assert response.context["has_child"] is False


def test_evaluator_sees_figures_and_no_names(login, evaluator, befriended):
    response = login(evaluator).get(reverse("core:home"))
    assert befriended.child.first_name not in response.text
    assert befriended.family.name not in response.text
    counts = dict(response.context["friendship_counts"])
    assert sum(counts.values()) == 1


def test_advisory_sees_flagged_logbook_entries(login, advisory, befriended):
    befriended.logbook_entries.update(needs_follow_up=True)
    response = login(advisory).get(reverse("core:home"))
    assert befriended.child.full_name in response.text


def test_every_role_has_a_home_page_and_it_renders(login, people):
    from hjemtilos.accounts.models import Role
    from hjemtilos.core.homes import registered_home_roles

    assert registered_home_roles() == set(Role.values)
    for name, user in people.items():
        response = login(user).get(reverse("core:home"))
        assert response.status_code == 200, name
        assert f"core/home_{user.role}.html" in [t.name for t in response.templates], name


def test_a_role_has_one_home_provider_and_a_missing_one_is_an_error(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from hjemtilos.core import homes

    monkeypatch.setattr(homes, "_PROVIDERS", {})

    def first(user):
        return {"which": "first"}

    homes.register_home("staff", first)
    homes.register_home("staff", first)  # a second ready() is harmless
    with pytest.raises(ImproperlyConfigured):
        homes.register_home("staff", lambda user: {})
    assert homes.home_provider("staff") is first
    with pytest.raises(ImproperlyConfigured):
        homes.home_provider("parent")
