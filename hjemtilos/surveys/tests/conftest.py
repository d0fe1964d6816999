"""Survey fixtures: the shipped instruments, friendships at their survey moments, and
answering through the real services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from hjemtilos.demo.builders import build_friendship, build_referral, build_volunteer_family
from hjemtilos.friendships.contacts import guardians
from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.messaging.models import DevelopmentSms, Message
from hjemtilos.messaging.tests.conftest import smtp_server  # noqa: F401 - a real SMTP server
from hjemtilos.surveys.instruments import ensure_instruments
from hjemtilos.surveys.links import invitation_token
from hjemtilos.surveys.models import Survey, SurveyInvitation
from hjemtilos.surveys.selectors import current_version
from hjemtilos.surveys.services import invitation_create


@pytest.fixture(autouse=True)
def instruments(db) -> None:
    """The four instruments (a transactional test's flush removes the migration's rows)."""
    ensure_instruments()


@pytest.fixture
def delivering(django_capture_on_commit_callbacks) -> Callable[[], Any]:
    """``with delivering():`` sends the messages queued inside at the end of the block,
    as a worker would after the commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


ADULTS = [
    {
        "first_name": "Lars",
        "last_name": "Jensen",
        "date_of_birth": date(1982, 5, 1),
        "email": "lars@example.net",
        "phone": "+4531111111",
    },
    {
        "first_name": "Mette",
        "last_name": "Jensen",
        "date_of_birth": date(1984, 9, 12),
        "email": "mette@example.net",
    },
]


@pytest.fixture
def make_friendship(site, caseworker, staff) -> Callable[..., Friendship]:
    """``make_friendship(started_on=…, status=…, **fields)``: a child whose parent Maria has
    only a phone, and a volunteer family whose adults Lars (e-mail and phone) and Mette
    (e-mail only) answer for the family."""
    names = iter(range(1, 1000))

    def _make(
        *,
        started_on: date | None = None,
        status: str = FriendshipStatus.RUNNING,
        guardian: dict[str, Any] | None = None,
        **fields: Any,
    ) -> Friendship:
        number = next(names)
        referral = build_referral(
            site=site,
            caseworker=caseworker,
            status="matched",
            first_name="Emma" if number == 1 else f"Barn{number}",
            guardian=guardian
            or {
                "first_name": "Maria",
                "last_name": "Hansen",
                "phone": f"+4522{number:06d}",
            },
            by=staff,
        )
        family = build_volunteer_family(
            site=site,
            status="matched",
            name=f"Familien Jensen {number}",
            members=[dict(adult) for adult in ADULTS],
            contact_person=staff,
        )
        return build_friendship(
            referral=referral,
            family=family,
            started_on=started_on or timezone.localdate() - timedelta(days=3),
            status=status,
            weeks=2,
            contact_person=staff,
            **fields,
        )

    return _make


def sms_to(number: str) -> list[str]:
    """The texts the development SMS gateway 'sent' to ``number``."""
    return list(
        DevelopmentSms.objects.filter(to=number).order_by("id").values_list("body", flat=True)
    )


def messages_about_surveys() -> list[Message]:
    return list(Message.objects.filter(template__startswith="survey_").order_by("id"))


def link_path(invitation: SurveyInvitation) -> str:
    return f"/svar/{invitation_token(invitation)}/"


def invite_to_the_baseline(friendship: Friendship) -> SurveyInvitation | None:
    """``invitation_create`` for the first parent and the baseline survey, dated the
    friendship's start (the instruments must be in place)."""
    baseline = Survey.objects.get(key="parent_baseline")
    version = current_version(baseline)
    assert version is not None
    assert friendship.started_on is not None
    return invitation_create(
        survey=baseline,
        version=version,
        friendship=friendship,
        person=guardians(friendship)[0],
        occasion_on=friendship.started_on,
    )


def parent_baseline_invitation(friendship: Friendship) -> SurveyInvitation:
    """The first parent's invitation to the baseline survey, made by the service the
    invitation job calls."""
    invitation = invite_to_the_baseline(friendship)
    assert invitation is not None
    return invitation
