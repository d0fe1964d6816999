"""Fixtures for the safeguarding tests: the friendship year, a real SMTP server, a concern
on its way to a notification, and the advisory lead."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from hjemtilos.accounts.models import Role, User
from hjemtilos.conftest import make_user, phone_concern
from hjemtilos.friendships.models import Friendship
from hjemtilos.friendships.tests import conftest as friendship_fixtures
from hjemtilos.messaging.tests.conftest import smtp_server  # noqa: F401 - a real SMTP server
from hjemtilos.safeguarding import services
from hjemtilos.safeguarding.models import (
    AdvisoryLead,
    Concern,
    ConcernAssessment,
    Decision,
    EntryKind,
    Notification,
    Severity,
)

MUNICIPALITY_ADDRESS = "underretning@kk.example.org"

# The running friendship with both families' logins, shared with the friendship tests.
befriended = friendship_fixtures.befriended


def assess(
    concern: Concern, *, by: User, decision: str = Decision.NOTIFY, risk: int = Severity.HIGH
) -> ConcernAssessment:
    return services.concern_assess(
        concern=concern,
        by=by,
        known="Barnet har fortalt venskabsfamilien, at der er slag derhjemme.",
        child_statements="»Far slår, når han er sur.«",
        risk=risk,
        decision=decision,
        reasons="Oplysningerne giver grund til at antage, at barnet udsættes for vold.",
        decided_by=by,
        decided_on=timezone.localdate(),
    )


def involve(concern: Concern, *, by: User) -> None:
    """The talk with the volunteer family held today; the parents deliberately not told."""
    services.concern_involvement_record(
        concern=concern,
        by=by,
        party=EntryKind.FAMILY_TALK,
        done=True,
        on=timezone.localdate(),
        note="Talt med Mette og Lars; de fortsætter besøgene som aftalt.",
    )
    services.concern_involvement_record(
        concern=concern,
        by=by,
        party=EntryKind.PARENTS,
        done=False,
        on=None,
        note="Mistanken retter sig mod faren; at orientere ham kan bringe barnet i fare.",
    )


@pytest.fixture
def notification_address(befriended: Friendship) -> str:
    """The child's municipality receives notifications at ``MUNICIPALITY_ADDRESS``."""
    municipality = befriended.child.family.municipality
    municipality.notification_email = MUNICIPALITY_ADDRESS
    municipality.save(update_fields=["notification_email"])
    return MUNICIPALITY_ADDRESS


@pytest.fixture
def concern(befriended: Friendship, staff: User) -> Concern:
    return phone_concern(befriended, by=staff)


@pytest.fixture
def draft(concern: Concern, advisory: User, notification_address: str) -> Notification:
    """A draft notification, the steps before it recorded: ready to be sent."""
    assess(concern, by=advisory)
    involve(concern, by=advisory)
    return services.notification_draft_create(concern=concern, by=advisory)


@pytest.fixture
def advisory_lead(db: Any, administrator: User) -> User:
    lead = make_user(Role.ADVISORY, "lead@example.org", "Lise")
    services.advisory_lead_set(user=lead, by=administrator, is_lead=True)
    assert AdvisoryLead.objects.filter(user=lead).exists()
    return lead


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF, read back by a PDF library."""
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)
