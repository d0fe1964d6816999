"""The survey pages run a fixed number of SQL statements, however many questions, invitations
and answers there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemtilos.surveys.models import SurveyInvitation
from hjemtilos.surveys.services import child_voice_record, invitation_consent, invitations_send
from hjemtilos.surveys.tests.conftest import link_path

pytestmark = pytest.mark.django_db


def cost(client: Client, url: str) -> int:
    """The statements of a GET of ``url``, after one unmeasured visit (as a running server)."""
    assert client.get(url).status_code in (200, 302)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_survey_pages_cost_a_fixed_number_of_queries(make_friendship, login, staff):
    friendship = make_friendship()
    invitations_send()
    invitation = SurveyInvitation.objects.get(guardian__isnull=False)
    client = login(staff)
    link = Client()
    costs = {"consent": cost(link, link_path(invitation))}
    invitation_consent(invitation=invitation)
    costs["questions"] = cost(link, link_path(invitation))
    costs["enter"] = cost(client, f"/spoergeskemaer/invitation/{invitation.pk}/indtast/")
    costs["child_voice"] = cost(client, f"/spoergeskemaer/venskab/{friendship.pk}/barnets-stemme/")
    voice = child_voice_record(
        friendship=friendship,
        by=staff,
        consent=True,
        visited_on=timezone.localdate(),
        answers={
            "visits_feel": "great",
            "looking_forward": "good",
            "grown_ups": "great",
            "say_in_it": "yes",
        },
    )
    costs["response"] = cost(client, f"/spoergeskemaer/besvarelse/{voice.pk}/")
    costs["friendship"] = cost(client, f"/venskaber/{friendship.pk}/")
    costs["instruments"] = cost(client, "/spoergeskemaer/")
    assert costs == {
        "consent": 1,
        "questions": 3,  # with the audited read
        "enter": 7,
        "child_voice": 11,
        "response": 8,
        "friendship": 20,  # the whole friendship page; the surveys' section reads two
        "instruments": 5,
    }
