"""Concerns about a child: raised from the portal or a call, encrypted, seen only by the
contact person, the advisory team and administrators, every step with author and time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hjemtilos.accounts.models import Role
from hjemtilos.conftest import make_user
from hjemtilos.core.testing import get_page
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.messaging.models import Message
from hjemtilos.organisations.models import SiteMembership
from hjemtilos.safeguarding.models import Concern, ConcernSource, ConcernStatus

OBSERVED = "Emma sagde, at hun ikke tør sove derhjemme."


@pytest.fixture
def concern(login, volunteer, befriended) -> Concern:
    response = login(volunteer).post(
        reverse("safeguarding:concern_raise", args=[befriended.pk]),
        {
            "observed": OBSERVED,
            "observed_on": timezone.localdate().isoformat(),
            "observed_by": "Lars, venskabsfar",
        },
    )
    assert response.status_code == 302
    return Concern.objects.get()


def test_a_volunteer_raises_a_concern_and_the_contact_person_must_act_today(concern, staff):
    assert concern.source == ConcernSource.PORTAL and concern.status == ConcernStatus.RAISED
    assert concern.contact_person == staff and concern.observed == OBSERVED
    task = FollowUpTask.objects.get(kind=FollowUpKind.CONCERN)
    assert task.is_urgent and task.owner == staff and task.due_on == timezone.localdate()
    assert task.concern == concern
    assert OBSERVED not in task.title + task.description
    mail = Message.objects.get(template="concern_raised")
    assert mail.to_user == staff and OBSERVED not in mail.body
    with connection.cursor() as cursor:
        cursor.execute("SELECT observed FROM safeguarding_concern WHERE id = %s", [concern.pk])
        assert "sove" not in cursor.fetchone()[0]


def test_only_the_contact_person_and_the_advisory_team_see_it(
    login, concern, staff, advisory, administrator, volunteer, caseworker, site
):
    colleague = make_user(Role.STAFF, "kollega@example.org", "Kim")
    SiteMembership.objects.create(site=site, user=colleague)
    url = reverse("safeguarding:concern", args=[concern.pk])
    # Staff's links to the friendship are checked against their sites: one query more.
    for user, queries in ((staff, 7), (advisory, 6)):
        response = get_page(login(user), url, queries=queries, name=f"the concern, {user.role}")
        assert OBSERVED in response.text
    assert login(colleague).get(url).status_code == 404  # same site, not on the case
    # Administrators run the system and read no concern, not even in the list.
    assert login(administrator).get(url).status_code == 403
    assert login(administrator).get(reverse("safeguarding:concerns")).status_code == 403
    friendship_url = reverse("friendships:detail", args=[concern.friendship_id])
    name = "the friendship for a colleague not on the case"
    friendship_page = get_page(login(colleague), friendship_url, queries=14, name=name)
    assert OBSERVED not in friendship_page.text
    for user in (volunteer, caseworker):
        assert login(user).get(url).status_code == 403
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(concern.pk), actor=advisory
    ).exists()


def test_every_step_keeps_its_author_and_time(login, concern, staff, advisory, administrator):
    url = reverse("safeguarding:concern_step", args=[concern.pk])
    login(staff).post(url, {"to_status": "with_advisory", "note": "Sendt til rådgivningen"})
    login(advisory).post(url, {"to_status": "with_advisory", "note": "Vi ringer til familien"})
    refused = login(advisory).post(url, {"to_status": "closed", "note": ""})
    assert refused.status_code == 400  # closing needs a reason
    assert login(administrator).post(url, {"to_status": "closed"}).status_code == 403
    login(advisory).post(url, {"to_status": "closed", "note": "Ingen grund til underretning"})
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    steps = [(e.to_status, e.by) for e in concern.events.all()]
    assert steps == [
        ("raised", concern.reported_by),
        ("with_advisory", staff),
        ("with_advisory", advisory),
        ("closed", advisory),
    ]
    assert all(e.at for e in concern.events.all())
    task = FollowUpTask.objects.get(kind=FollowUpKind.CONCERN)
    assert task.completed_at is not None


def test_staff_register_a_concern_from_a_phone_call(login, staff, befriended):
    response = login(staff).post(
        reverse("safeguarding:concern_raise", args=[befriended.pk]),
        {
            "source": "phone",
            "observed": "Skolen ringede: Emma har været ked af det hele ugen.",
            "observed_on": timezone.localdate().isoformat(),
            "observed_by": "Klasselæreren",
        },
    )
    assert response.status_code == 302
    assert Concern.objects.get().source == ConcernSource.PHONE


def test_a_concern_in_the_future_is_refused_and_the_text_kept(login, volunteer, befriended):
    response = login(volunteer).post(
        reverse("safeguarding:concern_raise", args=[befriended.pk]),
        {
            "observed": OBSERVED,
            "observed_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "observed_by": "Lars",
        },
    )
    assert response.status_code == 400
    assert "Datoen kan ikke ligge i fremtiden." in response.text
    assert "ikke tør sove" in response.text
    assert not Concern.objects.exists()


def test_the_parent_cannot_raise_a_concern_in_the_portal(login, parent, befriended):
    url = reverse("safeguarding:concern_raise", args=[befriended.pk])
    assert login(parent).get(url).status_code == 403
