"""The demo site: every state of the programme, idempotent, logins that work."""

from __future__ import annotations

import base64

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django_otp.oath import totp

from hjemtilos.accounts.models import AuthenticatorDevice, Role, User
from hjemtilos.demo.generator import DEMO_LOGINS, DEMO_PASSWORD, generate_demo, totp_base32
from hjemtilos.friendships.models import Friendship, FriendshipStatus, LogbookEntry, Visit
from hjemtilos.referrals.models import Child, Guardian, Referral, ReferralStatus
from hjemtilos.volunteers.models import HouseholdMember, VolunteerFamily, VolunteerFamilyStatus

pytestmark = pytest.mark.usefixtures("reference_data")


def _counts() -> dict[str, int]:
    models = (User, Child, Referral, VolunteerFamily, HouseholdMember, Friendship, Visit)
    return {model.__name__: model.objects.count() for model in (*models, LogbookEntry)}


def test_second_run_keeps_the_data_without_duplicates(capsys):
    call_command("generate_demo")
    first = _counts()
    call_command("generate_demo")
    assert _counts() == first
    assert "exists already" in capsys.readouterr().out


def test_every_state_of_the_programme_is_present():
    call_command("generate_demo")
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert set(VolunteerFamily.objects.values_list("status", flat=True)) == set(
        VolunteerFamilyStatus.values
    )
    statuses = set(Friendship.objects.values_list("status", flat=True))
    assert {FriendshipStatus.RUNNING, FriendshipStatus.COMPLETED, FriendshipStatus.ENDED_EARLY} <= (
        statuses
    )
    assert Visit.objects.count() > 200
    assert LogbookEntry.objects.filter(screened_at__isnull=True).exists()
    assert LogbookEntry.objects.filter(needs_follow_up=True).exists()


def test_the_same_seed_gives_the_same_demo_site():
    def names() -> list[tuple[str, str]]:
        with transaction.atomic():
            generate_demo()
            result = list(Child.objects.order_by("id").values_list("first_name", "last_name"))
            transaction.set_rollback(True)
        return result

    first = names()
    assert len(first) > 30
    assert names() == first


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.role.value)
def test_each_demo_login_signs_in_to_its_home_page(login):
    call_command("generate_demo")
    client = Client()
    response = client.post(
        "/konto/log-ind/", {"username": login.email, "password": DEMO_PASSWORD}, follow=True
    )
    user = User.objects.get(email=login.email)
    if user.needs_second_factor:
        # The printed key is what an authenticator app is given.
        encoded = totp_base32(login.email)
        key = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
        device = AuthenticatorDevice.objects.get(user=user)
        assert device.bin_key == key
        response = client.post("/konto/to-faktor/", {"token": f"{totp(key):06d}"}, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/"
    assert response.context["user"] == user


def test_demo_parent_and_volunteer_share_a_running_friendship():
    call_command("generate_demo")
    parent = User.objects.get(role=Role.PARENT, email__startswith="parent@")
    volunteer = User.objects.get(role=Role.VOLUNTEER, email__startswith="volunteer@")
    guardian = Guardian.objects.get(user=parent)
    member = HouseholdMember.objects.get(user=volunteer)
    friendship = Friendship.objects.get(child__family=guardian.family)
    assert friendship.family == member.family
    assert friendship.status == FriendshipStatus.RUNNING
