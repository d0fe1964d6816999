"""Password reset and change for every role; families and parents invited to the portal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hjemtilos.accounts.models import AccountAction, AccountEvent, Invitation, Role, User
from hjemtilos.conftest import PASSWORD
from hjemtilos.messaging.models import Message
from hjemtilos.referrals.models import Guardian
from hjemtilos.volunteers.models import HouseholdMember

pytestmark = pytest.mark.django_db

RESET = "/konto/glemt-adgangskode/"


def test_a_reset_request_answers_the_same_whether_or_not_an_account_exists(client, caseworker):
    known = client.post(RESET, {"identifier": caseworker.email})
    unknown = client.post(RESET, {"identifier": "ingen@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert Message.objects.filter(to_user=caseworker, channel="email").count() == 1
    assert AccountEvent.objects.filter(
        user=caseworker, action=AccountAction.PASSWORD_RESET_REQUESTED
    ).exists()


def test_a_parent_with_only_a_phone_gets_the_reset_link_by_sms(client, db):
    parent = User.objects.create_user(
        phone="+4530405060", password=PASSWORD, first_name="Pia", role=Role.PARENT
    )
    client.post(RESET, {"identifier": "30 40 50 60"})
    sms = Message.objects.get(to_user=parent)
    assert sms.channel == "sms"
    assert "/konto/nulstil/" in sms.body


def test_reset_links_to_one_account_are_limited(client, caseworker):
    for _ in range(5):
        client.post(RESET, {"identifier": caseworker.email})
    assert Message.objects.filter(to_user=caseworker).count() == 3


def test_changing_the_password_needs_the_current_one_and_keeps_this_session(login, caseworker):
    client = login(caseworker)
    other_session = login(caseworker)
    url = reverse("accounts:password_change")
    wrong = client.post(
        url,
        {
            "old_password": "forkert",
            "password1": "ny-lang-kode-42x",
            "password2": "ny-lang-kode-42x",
        },
    )
    assert wrong.status_code == 400
    assert "Din nuværende adgangskode er ikke korrekt" in wrong.content.decode()
    done = client.post(
        url,
        {
            "old_password": PASSWORD,
            "password1": "ny-lang-kode-42x",
            "password2": "ny-lang-kode-42x",
        },
    )
    assert done.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.check_password("ny-lang-kode-42x")
    assert client.get("/").status_code == 200
    assert other_session.get("/").status_code == 302  # signed out elsewhere


def test_staff_invite_an_adult_of_a_volunteer_family_from_its_page(
    login, staff, other_staff, volunteer_family
):
    adult = volunteer_family.members.order_by("date_of_birth").first()
    HouseholdMember.objects.filter(pk=adult.pk).update(email="voksen@example.org", user=None)
    url = reverse("volunteers:member_invite", args=[adult.pk])
    # Staff of another site do not learn the member exists.
    assert login(other_staff).post(url).status_code == 404

    client = login(staff)
    response = client.post(url)
    assert response.status_code == 302
    told = client.get(response["Location"]).content.decode()
    assert f"Der er sendt en invitation til {adult.first_name}." in told
    adult.refresh_from_db()
    assert adult.user is not None
    assert adult.user.role == Role.VOLUNTEER
    mail = Message.objects.get(to_user=adult.user)
    assert mail.channel == "email"
    assert "/konto/invitation/" in mail.body

    # The lead sees the unaccepted invitation and sends it again.
    pending = client.get(reverse("accounts:invitations_pending")).content.decode()
    assert adult.first_name in pending
    invitation = Invitation.objects.get(user=adult.user)
    assert client.post(reverse("accounts:reinvite", args=[invitation.pk])).status_code == 302
    assert Message.objects.filter(to_user=adult.user).count() == 2
    page = client.get(reverse("volunteers:detail", args=[volunteer_family.pk])).content.decode()
    assert "Send invitationen igen" in page
    # Sent again from the family's page, the message says it is a new one.
    told = client.post(url, follow=True).content.decode()
    assert f"Der er sendt en ny invitation til {adult.first_name}." in told


def test_a_guardian_without_e_mail_or_phone_gets_a_clear_message(login, staff, referral):
    guardian = Guardian.objects.filter(family=referral.child.family)[0]
    Guardian.objects.filter(pk=guardian.pk).update(email="", phone="")
    client = login(staff)
    response = client.post(
        reverse("referrals:guardian_invite", args=[guardian.pk]),
        {"next": reverse("referrals:child", args=[referral.child.pk])},
        follow=True,
    )
    assert "har ingen e-mailadresse eller mobilnummer" in response.content.decode()
    guardian.refresh_from_db()
    assert guardian.user is None
