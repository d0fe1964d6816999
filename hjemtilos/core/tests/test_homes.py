"""Each role lands on a home page made for its task, in Danish or English."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from hjemtilos.accounts.models import Role
from hjemtilos.conftest import build_friendships
from hjemtilos.core import homes
from hjemtilos.core.homes import registered_home_roles
from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.demo.builders import build_referral
from hjemtilos.referrals.models import ReferralStatus
from hjemtilos.volunteers.models import VolunteerFamily

STAFF_PHONE = "+4533445566"


@pytest.fixture
def reachable_staff(befriended, staff):
    """``staff`` is also the family's contact person, with a phone number the families see."""
    VolunteerFamily.objects.filter(pk=befriended.family_id).update(contact_person=staff)
    staff.phone = STAFF_PHONE
    staff.save()
    return staff


def test_home_is_danish_by_default_and_english_on_request(login, caseworker):
    client = login(caseworker)
    response = get_page(client, reverse("core:home"), queries=3, name="the home in Danish")
    assert '<html lang="da">' in response.text
    assert "Velkommen, Carl" in response.text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = get_page(client, reverse("core:home"), queries=3, name="the home in English")
    assert '<html lang="en">' in response.text
    assert "Welcome, Carl" in response.text


def test_staff_home_counts_the_work_at_their_site(login, staff, site, caseworker, befriended):
    build_referral(site=site, caseworker=caseworker, status=ReferralStatus.SUBMITTED)
    build_referral(site=site, caseworker=caseworker, status=ReferralStatus.SUBMITTED)
    response = get_page(login(staff), reverse("core:home"), queries=12, name="the staff home")
    (row,) = response.context["site_rows"]
    assert row["site"] == site
    assert row["intake"] == 2
    assert row["running"] == 1
    assert row["unscreened"] == befriended.logbook_entries.count()
    assert site.name in response.text


def test_staff_home_queries_do_not_grow_with_data(login, staff, site, caseworker):
    def more() -> None:
        build_friendships(site=site, caseworker=caseworker, count=10, weeks_in=5)

    url = reverse("core:home")
    get_page_before_and_after(login(staff), url, queries=12, name="the staff home", change=more)


def test_caseworker_sees_own_referrals_but_never_the_volunteer_family(
    login, caseworker, befriended, other_referral
):
    response = get_page(
        login(caseworker), reverse("core:home"), queries=3, name="the caseworker's home"
    )
    assert befriended.child.full_name in response.text
    assert other_referral.child.full_name not in response.text
    assert befriended.family.name not in response.text
    assert befriended.family.street_address not in response.text
    started = befriended.started_on
    assert response.context["referrals"][0].friendship_started_on == started


def test_volunteer_sees_the_child_next_visit_and_contact_person(
    login, volunteer, befriended, reachable_staff
):
    response = get_page(
        login(volunteer), reverse("core:home"), queries=7, name="the volunteer's home"
    )
    assert befriended.child.first_name in response.text
    assert befriended.child.last_name not in response.text  # first name is enough
    next_visit = response.context["next_visit_on"]
    today = timezone.localdate()
    assert next_visit.weekday() == befriended.weekday and 0 <= (next_visit - today).days < 7
    assert STAFF_PHONE in response.text


def test_parent_sees_the_family_weekday_and_contact(login, parent, befriended, reachable_staff):
    response = get_page(login(parent), reverse("core:home"), queries=6, name="the parent's home")
    assert befriended.family.name in response.text
    assert befriended.get_weekday_display() in response.text
    assert STAFF_PHONE in response.text


def test_parent_without_a_friendship_is_told_so(login, parent):
    response = get_page(login(parent), reverse("core:home"), queries=4, name="the parent's home")
    assert response.context["friendships"] == []
    assert response.context["has_child"] is False


def test_evaluator_sees_figures_and_no_names(login, evaluator, befriended):
    response = get_page(
        login(evaluator), reverse("core:home"), queries=5, name="the evaluator's home"
    )
    assert befriended.child.first_name not in response.text
    assert befriended.family.name not in response.text
    # Today's status across every site, the one running friendship hidden as a small number.
    status = {row.key: row.cells[0] for row in response.context["status"].rows}
    assert status["running"].display == "< 5" and status["enrolled"].suppressed
    assert status["completed"].display == "0"
    assert "/rapporter/status/" in response.text


def test_advisory_sees_flagged_logbook_entries(login, advisory, befriended):
    befriended.logbook_entries.update(needs_follow_up=True)
    # Four of them are safeguarding's: the queue, its count, the team's tasks, the lead.
    response = get_page(
        login(advisory), reverse("core:home"), queries=13, name="the advisory's home"
    )
    assert befriended.child.full_name in response.text


def test_every_role_has_a_home_page_and_it_renders(login, people):
    assert registered_home_roles() == set(Role.values)
    queries = {
        "staff": 12,
        "other_staff": 12,
        "advisory": 13,  # with the queue of concerns and the team's tasks
        "caseworker": 3,
        "other_caseworker": 3,
        "volunteer": 4,
        "parent": 4,
        "evaluator": 5,
        "administrator": 5,
    }
    for name, user in people.items():
        home = get_page(login(user), reverse("core:home"), queries=queries[name], name=name)
        assert f"core/home_{user.role}.html" in [t.name for t in home.templates], name


def test_a_role_has_one_home_provider_and_a_missing_one_is_an_error(monkeypatch):
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
