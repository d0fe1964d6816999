"""What safeguarding adds to the friendship year through ``friendships.registry``."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from hjemtilos.conftest import phone_concern
from hjemtilos.core.testing import get_page
from hjemtilos.friendships import registry
from hjemtilos.friendships.models import LogbookEntry
from hjemtilos.friendships.services.logbook import logbook_entry_create
from hjemtilos.friendships.tests.conftest import open_visit
from hjemtilos.safeguarding.models import Concern


def test_staff_page_shows_safeguardings_concerns_and_buttons(login, staff, befriended):
    concern = phone_concern(befriended, by=staff)
    url = reverse("friendships:detail", args=[befriended.pk])
    response = get_page(login(staff), url, queries=20, name="a friendship with a concern")
    assert reverse("safeguarding:concern", args=[concern.pk]) in response.text
    assert reverse("safeguarding:concern_raise", args=[befriended.pk]) in response.text
    assert reverse("safeguarding:inquiry_create", args=[befriended.pk]) in response.text


def test_volunteer_portal_says_how_to_tell_about_a_worry(login, volunteer, befriended):
    url = reverse("friendships:portal", args=[befriended.pk])
    response = get_page(login(volunteer), url, queries=13, name="the volunteer's portal")
    assert reverse("safeguarding:concern_raise", args=[befriended.pk]) in response.text


def test_a_worry_without_a_handler_refuses_the_entry_rather_than_drop_it(
    volunteer, befriended, monkeypatch
):
    monkeypatch.setattr(registry, "_WORRY_HANDLER", [])
    visit = open_visit(befriended)
    with pytest.raises(ImproperlyConfigured):
        logbook_entry_create(
            friendship=befriended,
            by=volunteer,
            visit=visit,
            rating=5,
            mood="happy",
            tags=[],
            text="En god dag.",
            overnight_stay=False,
            worried=True,
            worry_text="Hun var ked af det.",
        )
    assert not LogbookEntry.objects.filter(visit=visit).exists()
    assert not Concern.objects.exists()
