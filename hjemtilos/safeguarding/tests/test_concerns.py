"""Concerns about a child: raised from the portal or a call, the contact person alerted at
once, the advisory team's queue, encrypted, seen only by the advisory team and the staff on
the case, every step in the timeline with author and time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hjemtilos.accounts.models import Role, User
from hjemtilos.conftest import CONCERN_OBSERVED, make_user, phone_concern
from hjemtilos.core.testing import get_page
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.messaging.models import Channel, Message
from hjemtilos.organisations.models import SiteMembership
from hjemtilos.safeguarding import services
from hjemtilos.safeguarding.models import (
    Concern,
    ConcernSource,
    ConcernStatus,
    EntryKind,
    Severity,
)

CPH = ZoneInfo("Europe/Copenhagen")


def raise_in_portal(client, friendship, **extra):
    return client.post(
        reverse("safeguarding:concern_raise", args=[friendship.pk]),
        {
            "observed": CONCERN_OBSERVED,
            "observed_on": timezone.localdate().isoformat(),
            "observed_by": "Lars, venskabsfar",
            **extra,
        },
    )


def test_a_volunteer_raises_a_concern_and_the_contact_person_is_alerted_at_once(
    login, volunteer, staff, advisory, befriended
):
    User.objects.filter(pk=staff.pk).update(phone="+4522334455")
    assert raise_in_portal(login(volunteer), befriended).status_code == 302
    concern = Concern.objects.get()
    assert concern.source == ConcernSource.PORTAL and concern.status == ConcernStatus.RAISED
    assert concern.contact_person == staff and concern.observed == CONCERN_OBSERVED
    task = FollowUpTask.objects.get(kind=FollowUpKind.CONCERN)
    assert task.is_urgent and task.owner == staff and task.due_on == timezone.localdate()
    assert task.concern == concern and CONCERN_OBSERVED not in task.title + task.description
    # An e-mail and an SMS through the outbox, neither saying what was observed.
    sent = {m.channel: m for m in Message.objects.filter(to_user=staff)}
    assert set(sent) == {Channel.EMAIL, Channel.SMS}
    assert all(CONCERN_OBSERVED not in m.body for m in sent.values())
    assert "Emma" not in sent[Channel.SMS].body  # a phone's lock screen shows no name
    assert not Message.objects.filter(to_user=advisory).exists()  # not acute
    with connection.cursor() as cursor:
        cursor.execute("SELECT observed FROM safeguarding_concern WHERE id = %s", [concern.pk])
        assert "derhjemme" not in cursor.fetchone()[0]
    # The advisory team has it in its queue at once.
    queue = login(advisory).get(reverse("safeguarding:concerns"))
    assert reverse("safeguarding:concern", args=[concern.pk]) in queue.text


def test_an_acute_concern_alerts_the_advisory_team_and_repeats_the_acute_guidance(
    login, volunteer, advisory, befriended
):
    User.objects.filter(pk=advisory.pk).update(phone="+4566778899")
    client = login(volunteer)
    response = raise_in_portal(client, befriended, acute="on")
    concern = Concern.objects.get()
    assert concern.severity == Severity.ACUTE
    assert set(
        Message.objects.filter(to_user=advisory, template="concern_acute").values_list(
            "channel", flat=True
        )
    ) == {Channel.EMAIL, Channel.SMS}
    portal = client.get(response["Location"])
    assert "112" in portal.text and "114" in portal.text


@pytest.mark.parametrize(
    ("moment", "shown", "not_shown"),
    [
        # A Tuesday morning: phone the contact person now.
        (datetime(2026, 3, 3, 10, 0, tzinfo=CPH), "Ring til din kontaktperson nu", "114"),
        # The same evening: the social duty service through the police.
        (datetime(2026, 3, 3, 21, 0, tzinfo=CPH), "114", "Ring til din kontaktperson nu"),
        # Easter Monday is no working day.
        (datetime(2026, 4, 6, 10, 0, tzinfo=CPH), "114", "Ring til din kontaktperson nu"),
    ],
)
def test_the_page_where_a_concern_is_raised_shows_the_acute_guidance_for_the_hour(
    login, volunteer, befriended, moment, shown, not_shown
):
    with time_machine.travel(moment, tick=False):
        page = login(volunteer).get(reverse("safeguarding:concern_raise", args=[befriended.pk]))
        logbook = login(volunteer).get(reverse("friendships:logbook_write", args=[befriended.pk]))
    for response in (page, logbook):
        assert "112" in response.text and shown in response.text
        assert not_shown not in response.text


def test_staff_see_the_municipality_to_phone_in_office_hours(login, staff, befriended):
    municipality = befriended.child.family.municipality
    municipality.children_services_phone = "33 66 33 66"
    municipality.save()
    with time_machine.travel(datetime(2026, 3, 3, 10, 0, tzinfo=CPH), tick=False):
        page = login(staff).get(reverse("safeguarding:concern_raise", args=[befriended.pk]))
    assert "33 66 33 66" in page.text and municipality.name in page.text


def test_the_queue_puts_the_most_serious_first_then_the_oldest(login, advisory, staff, befriended):
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        old_moderate = phone_concern(befriended, by=staff)
    new_moderate = phone_concern(befriended, by=staff)
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        high = phone_concern(befriended, by=staff, severity=Severity.HIGH)
    acute = phone_concern(befriended, by=staff, severity=Severity.ACUTE)
    closed = phone_concern(befriended, by=staff, severity=Severity.ACUTE)
    services.concern_transition(
        concern=closed, by=advisory, to_status=ConcernStatus.CLOSED, reason="Dobbeltregistreret"
    )
    page = login(advisory).get(reverse("safeguarding:concerns"))
    assert [c.pk for c in page.context["page"].object_list] == [
        acute.pk,
        high.pk,
        old_moderate.pk,
        new_moderate.pk,
    ]
    # The filter offers the open ones (plural: "Åbne", not the verb "Åbn"), chosen by default.
    assert '<option value="open" selected>Åbne</option>' in page.text


def test_only_the_advisory_team_and_the_staff_on_the_case_see_it(
    login, concern, staff, advisory, people, site
):
    colleague = make_user(Role.STAFF, "kollega@example.org", "Kim")
    SiteMembership.objects.create(site=site, user=colleague, is_lead=True)
    url = reverse("safeguarding:concern", args=[concern.pk])
    # Staff's links to the friendship are checked against their sites; an advisory member
    # is asked whether they lead the team (the reports entry): the same cost for both.
    for user, queries in ((staff, 10), (advisory, 10)):
        response = get_page(login(user), url, queries=queries, name=f"the concern, {user.role}")
        assert CONCERN_OBSERVED in response.text
    # Same site, even its lead, but not on the case; or another site: it does not exist.
    for user in (colleague, people["other_staff"]):
        assert login(user).get(url).status_code == 404
    friendship_url = reverse("friendships:detail", args=[concern.friendship_id])
    name = "the friendship for a colleague not on the case"
    friendship_page = get_page(login(colleague), friendship_url, queries=19, name=name)
    assert CONCERN_OBSERVED not in friendship_page.text and url not in friendship_page.text
    # Administrators run the system and read no concern; the families and others neither.
    for name in ("administrator", "volunteer", "parent", "caseworker", "evaluator"):
        assert login(people[name]).get(url).status_code == 403, name
        queue = login(people[name]).get(reverse("safeguarding:concerns"))
        assert queue.status_code == 403, name
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(concern.pk), actor=advisory
    ).exists()


def test_the_contact_person_takes_it_on_and_their_urgent_task_is_done(login, concern, staff):
    response = login(staff).post(reverse("safeguarding:concern_take_on", args=[concern.pk]))
    assert response.status_code == 302
    assert FollowUpTask.objects.get(kind=FollowUpKind.CONCERN).completed_at is not None
    event = concern.events.get(kind=EntryKind.RECEIVED)
    assert event.by == staff and not event.changes_status
    page = login(staff).get(reverse("safeguarding:concern", args=[concern.pk]))
    assert "Jeg har læst den og handler på den" not in page.text  # taken on once


def test_every_step_keeps_its_author_and_time_and_a_correction_is_a_new_entry(
    login, concern, staff, advisory
):
    entry_url = reverse("safeguarding:concern_entry", args=[concern.pk])
    step_url = reverse("safeguarding:concern_step", args=[concern.pk])
    login(staff).post(entry_url, {"kind": "note", "text": "Mette ringede igen i dag."})
    note = concern.events.get(kind=EntryKind.NOTE)
    login(advisory).post(step_url, {"action": "take"})
    login(staff).post(
        entry_url,
        {"kind": "correction", "corrects": note.pk, "text": "Det var Lars, der ringede."},
    )
    refused = login(advisory).post(step_url, {"action": "close", "reason": ""})
    assert refused.status_code == 400  # closing needs a reason
    assert login(staff).post(step_url, {"action": "close", "reason": "x"}).status_code == 403
    login(advisory).post(step_url, {"action": "close", "reason": "Ingen grund til underretning"})
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    steps = [(e.kind, e.to_status, e.by) for e in concern.events.order_by("at", "id")]
    assert steps == [
        ("status", "raised", staff),
        ("note", "raised", staff),
        ("status", "with_advisory", advisory),
        ("correction", "with_advisory", staff),
        ("status", "closed", advisory),
    ]
    note.refresh_from_db()
    assert note.note == "Mette ringede igen i dag."  # the corrected entry stays as it was
    page = login(advisory).get(reverse("safeguarding:concern", args=[concern.pk]))
    assert "Rettet af" in page.text and "Retter post #2" in page.text
    # A closed concern is reopened with a reason.
    login(advisory).post(step_url, {"action": "reopen", "reason": "Ny henvendelse fra skolen"})
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.WITH_ADVISORY


def test_a_correction_must_name_an_entry_of_the_same_concern(concern, staff, befriended):
    other = phone_concern(befriended, by=staff)
    with pytest.raises(ValidationError) as refused:
        services.concern_entry_add(
            concern=concern,
            by=staff,
            kind=EntryKind.CORRECTION,
            text="Forkert dato",
            corrects=other.events.get(),
        )
    assert "corrects" in refused.value.message_dict


def test_staff_register_a_concern_from_a_professional(login, staff, befriended):
    response = login(staff).post(
        reverse("safeguarding:concern_raise", args=[befriended.pk]),
        {
            "source": "professional",
            "severity": Severity.HIGH,
            "observed": "Skolen ringede: Emma har været ked af det hele ugen.",
            "observed_on": timezone.localdate().isoformat(),
            "observed_by": "Klasselæreren",
        },
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.source == ConcernSource.PROFESSIONAL and concern.severity == Severity.HIGH


def test_a_concern_in_the_future_is_refused_and_the_text_kept(login, volunteer, befriended):
    response = raise_in_portal(
        login(volunteer),
        befriended,
        observed_on=(timezone.localdate() + timedelta(days=2)).isoformat(),
    )
    assert response.status_code == 400
    assert "Datoen kan ikke ligge i fremtiden." in response.text
    assert CONCERN_OBSERVED in response.text
    assert not Concern.objects.exists()


def test_the_parent_cannot_raise_a_concern_in_the_portal(login, parent, befriended):
    url = reverse("safeguarding:concern_raise", args=[befriended.pk])
    assert login(parent).get(url).status_code == 403
