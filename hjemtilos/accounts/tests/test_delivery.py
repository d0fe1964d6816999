"""Account messages go out through the delivery that messaging registers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from hjemtilos.accounts import delivery, services
from hjemtilos.accounts.models import Invitation, Role, User
from hjemtilos.messaging.models import Message

pytestmark = pytest.mark.django_db


def test_an_invitation_is_queued_in_the_outbox(staff):
    user, link = services.user_invite(
        invited_by=staff, email="ny@example.org", first_name="Ny", role=Role.PARENT
    )
    message = Message.objects.get(template="invitation")
    assert message.to_user == user and message.to_address == "ny@example.org"
    assert link in message.body


def test_without_a_delivery_an_invitation_is_refused_not_lost(staff, monkeypatch):
    monkeypatch.setattr(delivery, "_DELIVERY", {})
    with pytest.raises(ImproperlyConfigured):
        services.user_invite(
            invited_by=staff, email="ny@example.org", first_name="Ny", role=Role.PARENT
        )
    # The whole invitation is rolled back: no user waits for a link that never came.
    assert not User.objects.filter(email="ny@example.org").exists()
    assert not Invitation.objects.exists()
