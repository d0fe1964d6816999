"""Requests from professionals: registered and advised by staff, never sent to the family."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.testing import get_page
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.messaging.models import Message
from hjemtilos.safeguarding.models import Inquiry


def register(client, friendship, **extra):
    return client.post(
        reverse("safeguarding:inquiry_create", args=[friendship.pk]),
        {
            "received_on": timezone.localdate().isoformat(),
            "from_kind": "municipality",
            "from_name": "Sagsbehandler i kommunen",
            "channel": "via_family",
            "request": "respite_care",
            "description": "Kommunen spørger, om familien kan tage Emma i aflastning.",
            **extra,
        },
    )


def test_staff_register_an_inquiry_and_get_a_task_to_advise_the_family(
    login, staff, volunteer, parent, befriended
):
    response = register(login(staff), befriended)
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.is_incompatible and inquiry.recorded_by == staff
    task = FollowUpTask.objects.get(kind=FollowUpKind.INQUIRY)
    assert task.owner == staff and task.friendship == befriended
    # Nothing goes to either family: the charity advises them itself.
    assert not Message.objects.filter(to_address__in=[volunteer.email, parent.email]).exists()
    url = reverse("safeguarding:inquiry", args=[inquiry.pk])
    page = get_page(login(staff), url, queries=6, name="the inquiry for staff")
    assert "kan ikke forenes med Hjem til Os-året" in page.text


def test_advice_and_outcome_close_the_task(login, staff, advisory, befriended):
    register(login(staff), befriended)
    inquiry = Inquiry.objects.get()
    url = reverse("safeguarding:inquiry", args=[inquiry.pk])
    # One of them asks whether the member leads the team (the reports menu entry).
    get_page(login(advisory), url, queries=6, name="the inquiry for the advisory team")
    assert login(advisory).post(url, {"outcome": "declined"}).status_code == 403
    response = login(staff).post(
        url,
        {
            "advice": "Vi frarådede det; overnatning afslutter forløbet.",
            "outcome": "declined",
            "outcome_note": "Familien siger nej tak.",
        },
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.outcome == "declined" and inquiry.advised_on == timezone.localdate()
    assert FollowUpTask.objects.get(kind=FollowUpKind.INQUIRY).completed_at is not None


def test_families_and_caseworkers_never_see_inquiries(
    login, staff, volunteer, parent, caseworker, befriended
):
    register(login(staff), befriended)
    url = reverse("safeguarding:inquiry", args=[Inquiry.objects.get().pk])
    for user in (volunteer, parent, caseworker):
        assert login(user).get(url).status_code == 403
    portal_url = reverse("friendships:portal", args=[befriended.pk])
    portal = get_page(login(volunteer), portal_url, queries=10, name="the volunteer's portal")
    assert "aflastning" not in portal.text.lower()
