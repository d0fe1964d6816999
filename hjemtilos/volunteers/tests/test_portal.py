"""The volunteer portal: own household only; status, acceptances and household changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hjemtilos.accounts.models import Role
from hjemtilos.conftest import make_user, years_ago
from hjemtilos.core.testing import get_page
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.volunteers import services
from hjemtilos.volunteers.models import (
    HouseholdChange,
    PolicyAcceptance,
    PolicyDocumentKind,
    VolunteerFamilyStatus,
)
from hjemtilos.volunteers.selectors import vetting_gaps


@pytest.fixture
def karen(vetting_family, volunteer):
    """The ``volunteer`` user is Karen, an adult of the family in vetting."""
    member = vetting_family.members.get(first_name="Karen")
    member.user = volunteer
    member.save()
    return member


def test_the_portal_shows_status_missing_items_and_the_contact_person(login, karen, staff):
    response = get_page(
        login(karen.user), reverse("volunteers:portal"), queries=17, name="the portal in vetting"
    )
    text = response.text
    assert "Familien Lund" in text and "Vetting" not in text  # Danish status
    assert "Karen har ikke gennemført onlinekurset." in text
    assert "Ida har ikke gennemført onlinekurset." in text
    assert "Sofie Test" in text and staff.email in text


def test_an_adult_accepts_the_code_of_conduct_in_the_portal(login, karen, policy_versions):
    client = login(karen.user)
    url = reverse("volunteers:portal_policy", args=["code_of_conduct"])
    page = get_page(client, url, queries=7, name="the code of conduct to accept")
    assert policy_versions[PolicyDocumentKind.CODE_OF_CONDUCT].text.splitlines()[0] in page.text
    refused = client.post(url, {})
    assert refused.status_code == 400 and "Sæt kryds for at acceptere" in refused.text
    assert client.post(url, {"confirm": "on"}).status_code == 302
    acceptance = PolicyAcceptance.objects.get(member=karen)
    assert acceptance.recorded_by == karen.user
    assert acceptance.version == policy_versions[PolicyDocumentKind.CODE_OF_CONDUCT]
    accepted = get_page(client, url, queries=7, name="the accepted code of conduct")
    assert "Du accepterede denne version" in accepted.text


def test_a_new_baby_is_added_and_recorded(login, karen, vetting_family):
    client = login(karen.user)
    response = client.post(
        reverse("volunteers:portal_member_add"),
        {
            "first_name": "Alma",
            "last_name": "Lund",
            "date_of_birth": (timezone.localdate() - timedelta(days=20)).isoformat(),
            "gender": "female",
        },
    )
    assert response.status_code == 302
    assert vetting_family.members.filter(first_name="Alma").exists()
    change = HouseholdChange.objects.get(family=vetting_family)
    assert change.kind == "member_added" and change.by == karen.user
    portal = get_page(
        client, reverse("volunteers:portal"), queries=17, name="the portal, 4 members"
    )
    assert "Alma" in portal.text


def test_a_new_member_aged_15_gives_the_contact_person_a_certificate_task(
    login, karen, vetting_family, staff
):
    login(karen.user).post(
        reverse("volunteers:portal_member_add"),
        {"first_name": "Emil", "last_name": "Lund", "date_of_birth": years_ago(16).isoformat()},
    )
    task = FollowUpTask.objects.get(kind=FollowUpKind.CERTIFICATES, volunteer_family=vetting_family)
    assert task.owner == staff and "Emil" in task.title
    vetting_family.refresh_from_db()
    assert not vetting_family.vetting_complete


def test_a_member_moves_out_and_no_longer_counts(login, karen, vetting_family):
    jens = vetting_family.members.get(first_name="Jens")
    client = login(karen.user)
    url = reverse("volunteers:portal_member_move_out", args=[jens.pk])
    response = client.post(url, {"moved_out_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    jens.refresh_from_db()
    assert jens.moved_out_on == timezone.localdate()
    assert all(g.member is None or g.member.pk != jens.pk for g in vetting_gaps(vetting_family))


def test_the_last_adult_cannot_move_out(login, karen, vetting_family):
    jens = vetting_family.members.get(first_name="Jens")
    jens.moved_out_on = timezone.localdate() - timedelta(days=1)
    jens.save()
    # Karen is the last adult: she cannot register herself (no link) nor be moved out by the API.
    with pytest.raises(ValidationError):
        services.household_member_move_out(
            member=karen, by=karen.user, moved_out_on=timezone.localdate()
        )


def test_a_move_keeps_the_postal_code_right_and_tells_a_matched_familys_contact_person(
    login, karen, vetting_family, staff
):
    client = login(karen.user)
    bad = client.post(
        reverse("volunteers:portal_address"), {"street_address": "Nyvej 2", "postal_code": "12"}
    )
    assert bad.status_code == 400 and 'value="Nyvej 2"' in bad.text
    vetting_family.status = VolunteerFamilyStatus.MATCHED
    vetting_family.save()
    response = client.post(
        reverse("volunteers:portal_address"),
        {"street_address": "Nyvej 2", "postal_code": "2400", "moved_on": ""},
    )
    assert response.status_code == 302
    vetting_family.refresh_from_db()
    assert vetting_family.street_address == "Nyvej 2" and vetting_family.postal_code.code == "2400"
    assert HouseholdChange.objects.filter(family=vetting_family, kind="address_changed").exists()
    task = FollowUpTask.objects.get(volunteer_family=vetting_family)
    assert task.owner == staff and "afstand" in task.title


def test_a_volunteer_sees_only_their_own_household(login, karen, site, other_volunteer_family):
    client = login(karen.user)
    other_member = other_volunteer_family.members.first()
    response = client.get(reverse("volunteers:portal_member_move_out", args=[other_member.pk]))
    assert response.status_code == 404
    portal = get_page(client, reverse("volunteers:portal"), queries=17, name="Karen's portal")
    assert "Holm" not in portal.text
    # Staff pages and other families' data are closed to volunteers.
    assert (
        client.get(reverse("volunteers:detail", args=[other_volunteer_family.pk])).status_code
        == 403
    )
    assert client.get("/api/volunteers/families").status_code == 403
    mine = client.get("/api/volunteers/families/mine").json()
    assert mine["name"] == "Familien Lund"
    assert {m["first_name"] for m in mine["members"]} == {"Karen", "Jens", "Ida"}


def test_a_volunteer_without_a_household_is_told_so(login, db):
    lonely = make_user(Role.VOLUNTEER, "lonely@example.org", "Lone")
    response = get_page(
        login(lonely), reverse("volunteers:portal"), queries=3, name="the portal, no household"
    )
    assert "ikke knyttet til en husstand" in response.text
    assert login(lonely).get("/api/volunteers/families/mine").status_code == 404


def test_the_volunteer_home_page_links_to_the_portal(login, karen):
    response = get_page(login(karen.user), "/", queries=6, name="Karen's home")
    assert reverse("volunteers:portal") in response.text
