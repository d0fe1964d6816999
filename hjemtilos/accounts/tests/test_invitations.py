"""Invitations: staff invite, the link sets a password once and expires."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from hjemtilos.accounts import services
from hjemtilos.accounts.models import Invitation, Role, User
from hjemtilos.conftest import invite_caseworker
from hjemtilos.core.testing import get_page
from hjemtilos.messaging.models import Message

pytestmark = pytest.mark.django_db


def invite_parent(staff, email="ny.foraelder@example.org") -> tuple[User, str]:
    return services.user_invite(invited_by=staff, email=email, first_name="Ny", role=Role.PARENT)


def test_staff_invites_a_caseworker_through_the_page(login, staff, kobenhavn):
    response = invite_caseworker(login(staff), municipality=kobenhavn.pk)
    assert response.status_code == 302
    user = User.objects.get(email="ny.raadgiver@example.org")
    assert user.role == Role.CASEWORKER
    assert not user.has_usable_password()
    message = Message.objects.get(to_user=user)
    assert message.channel == "email"
    assert "/konto/invitation/" in message.body


def test_caseworker_invitation_without_municipality_is_refused_with_danish_error(login, staff):
    response = invite_caseworker(login(staff), email="x@example.org", first_name="X")
    assert response.status_code == 400  # shown again, as every refused form is
    assert "Vælg rådgiverens kommune" in response.content.decode()
    assert 'value="x@example.org"' in response.content.decode()  # nothing typed is lost
    assert not User.objects.filter(email="x@example.org").exists()


def test_staff_cannot_invite_administrators(staff):
    with pytest.raises(PermissionDenied):
        services.user_invite(
            invited_by=staff, email="boss@example.org", first_name="B", role=Role.ADMINISTRATOR
        )


@pytest.mark.parametrize("fixture", ["caseworker", "volunteer", "parent", "evaluator"])
def test_outside_roles_cannot_open_the_invite_page(request, login, fixture):
    client = login(request.getfixturevalue(fixture))
    assert client.get(reverse("accounts:invite")).status_code == 403


def test_invitation_link_sets_password_and_logs_in(client, staff):
    user, link = invite_parent(staff)
    path = re.sub(r"^https?://[^/]+", "", link)
    get_page(client, path, queries=1, name="the invitation")
    response = client.post(
        path, {"password1": "en-lang-sætning-42", "password2": "en-lang-sætning-42"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("en-lang-sætning-42")
    # Used once: the same link no longer works.
    client.logout()
    assert client.get(path).status_code == 410


def test_weak_password_is_refused_in_danish(client, staff):
    _user, link = invite_parent(staff)
    path = re.sub(r"^https?://[^/]+", "", link)
    response = client.post(path, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    assert "for kort" in response.content.decode() or "kun tal" in response.content.decode()


def test_invitation_expires(client, staff):
    _user, link = invite_parent(staff)
    path = re.sub(r"^https?://[^/]+", "", link)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.get(path).status_code == 410


def test_reinvite_revokes_the_old_link(client, staff):
    _user, first = invite_parent(staff)
    _user, second = invite_parent(staff)
    assert client.get(re.sub(r"^https?://[^/]+", "", first)).status_code == 410
    assert client.get(re.sub(r"^https?://[^/]+", "", second)).status_code == 200
    assert Invitation.objects.count() == 2


def test_token_is_stored_hashed(staff):
    _user, link = invite_parent(staff)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert Invitation.objects.filter(token_hash=Invitation.hash(token)).exists()
