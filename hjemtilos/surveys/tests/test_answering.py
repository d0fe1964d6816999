"""Answering through the personal link: consent first, one click to decline, nothing typed
lost on an error, one response per person, a forged or old link refused."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from hjemtilos.surveys.models import (
    Answer,
    InvitationStatus,
    ResponseMode,
    SurveyInvitation,
    SurveyResponse,
)
from hjemtilos.surveys.services import invitation_reopen, invitations_send
from hjemtilos.surveys.tests.conftest import link_path

pytestmark = pytest.mark.django_db

EXPECTATIONS = ["new_relations", "good_experiences", "free_space"]


@pytest.fixture
def invitation(make_friendship) -> SurveyInvitation:
    make_friendship()
    invitations_send()
    return SurveyInvitation.objects.select_related("survey").get()


def test_the_first_page_asks_for_consent_and_records_it(invitation):
    client = Client()
    page = client.get(link_path(invitation))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Spørgeskema til forældre ved start" in text
    assert "Vil du være med?" in text
    assert "kan se, at du har svaret, men ikke hvad du har svaret" in text
    assert "Hvad forventer eller håber du" not in text  # the questions come after consent

    answer = client.post(link_path(invitation) + "deltag/")
    assert answer.status_code == 302
    invitation.refresh_from_db()
    assert invitation.consented_at is not None
    questions = client.get(link_path(invitation)).content.decode()
    assert "Hvad forventer eller håber du, at dit barn får ud af" in questions
    assert "Emma" in questions


def test_declining_is_one_click_and_can_be_undone(invitation):
    client = Client()
    client.post(link_path(invitation) + "nej-tak/")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    page = client.get(link_path(invitation)).content.decode()
    assert "Du har sagt nej tak" in page
    assert "Du får ikke påmindelser om dette spørgeskema." in page

    client.post(link_path(invitation) + "fortryd/")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
    assert invitation.events.last().reason  # the step back says why
    assert "Vil du være med?" in client.get(link_path(invitation)).content.decode()


def test_a_missing_answer_keeps_everything_typed(invitation):
    client = Client()
    client.post(link_path(invitation) + "deltag/")
    page = client.post(
        link_path(invitation),
        {"expectations": EXPECTATIONS, "hopes": "At hun får en voksen mere at gå til."},
    )
    assert page.status_code == 400
    text = page.content.decode()
    # Next to wellbeing and other adults, and again in the summary on top, linking to them.
    assert text.count("Besvar dette spørgsmål.") == 4
    assert text.count('class="function-link">Besvar dette spørgsmål.</a>') == 2
    assert "At hun får en voksen mere at gå til." in text
    ticked = re.findall(r'name="expectations" value="(\w+)"[^>]* checked>', text)
    assert ticked == EXPECTATIONS
    assert 'aria-invalid="true"' in text
    assert not SurveyResponse.objects.exists()


def test_the_answers_are_saved_once(invitation):
    client = Client()
    client.post(link_path(invitation) + "deltag/")
    data = {
        "expectations": EXPECTATIONS,
        "wellbeing_now": "fair",
        "other_adults": "no",
        "hopes": "At hun får en voksen mere at gå til.",
    }
    done = client.post(link_path(invitation), data)
    assert done.status_code == 302
    response = SurveyResponse.objects.get()
    assert (response.mode, response.respondent_key) == (
        ResponseMode.LINK,
        invitation.respondent_key,
    )
    assert response.consent_given_at == SurveyInvitation.objects.get().consented_at
    assert sorted(Answer.objects.values_list("key", "choice")) == sorted(
        [("expectations", key) for key in EXPECTATIONS]
        + [("wellbeing_now", "fair"), ("other_adults", "no"), ("hopes", "")]
    )
    assert Answer.objects.get(key="hopes").text == "At hun får en voksen mere at gå til."
    assert SurveyInvitation.objects.get().status == InvitationStatus.ANSWERED
    assert "Tak for dine svar" in client.get(link_path(invitation)).content.decode()

    again = client.post(link_path(invitation), data)
    assert "Tak for dine svar" in again.content.decode()  # nothing saved twice
    assert SurveyResponse.objects.count() == 1


def test_an_answer_that_is_not_an_option_is_refused(invitation):
    client = Client()
    client.post(link_path(invitation) + "deltag/")
    page = client.post(
        link_path(invitation),
        {"expectations": ["a_pony"], "wellbeing_now": "fair", "other_adults": "no"},
    )
    assert page.status_code == 400
    assert "Vælg et af de viste svar." in page.content.decode()


def test_a_forged_link_is_refused_and_an_old_one_expires(invitation, staff):
    client = Client()
    path = link_path(invitation)
    forged = path.replace(f"/svar/{invitation.pk}-", f"/svar/{invitation.pk + 1}-")
    assert client.get(forged).status_code == 404
    assert client.get("/svar/nonsense/").status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=29)):
        old = client.get(path)
    assert old.status_code == 410
    assert "Linket er udløbet" in old.content.decode()

    # Staff send it again: the new link works, the old one no longer does.
    invitation_reopen_after_expiry = SurveyInvitation.objects.get()
    SurveyInvitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.EXPIRED)
    invitation_reopen(
        invitation=invitation_reopen_after_expiry, by=staff, reason="Forælderen ringede."
    )
    fresh = SurveyInvitation.objects.get()
    assert client.get(path).status_code == 404
    assert client.get(link_path(fresh)).status_code == 200


def test_the_page_speaks_the_parents_language(make_friendship):
    make_friendship(
        guardian={
            "first_name": "Sara",
            "last_name": "Holm",
            "phone": "+4540404040",
            "preferred_language": "en",
        }
    )
    invitations_send()
    page = Client().get(link_path(SurveyInvitation.objects.get())).content.decode()
    assert "Questionnaire for parents at the start" in page
    assert "Would you like to take part?" in page
