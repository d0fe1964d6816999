"""Staff's survey pages: answers entered from a phone call, an invitation sent again, the
child's voice at the child visit, and who may see which answers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.surveys.links import invitation_for_token
from hjemtilos.surveys.models import (
    InvitationEvent,
    InvitationStatus,
    ResponseMode,
    SurveyInvitation,
    SurveyResponse,
)
from hjemtilos.surveys.services import (
    invitation_decline,
    invitation_reminders_send,
    invitations_send,
    response_submit,
)
from hjemtilos.surveys.tests.conftest import link_path, sms_to

pytestmark = pytest.mark.django_db

BASELINE = {
    "mode": "phone",
    "consent": "on",
    "expectations": ["new_relations", "more_calm"],
    "wellbeing_now": "fair",
    "other_adults": "no",
    "hopes": "",
}


@pytest.fixture
def friendship(make_friendship):
    return make_friendship()


@pytest.fixture
def invitation(friendship) -> SurveyInvitation:
    invitations_send()
    return SurveyInvitation.objects.get(guardian__isnull=False)


def test_the_friendship_page_shows_who_was_asked_and_offers_the_phone_entry(
    login, staff, friendship, invitation
):
    page = login(staff).get(f"/venskaber/{friendship.pk}/").content.decode()
    assert "Forældre ved start" in page
    assert "Maria Hansen" in page
    assert "Sendt på SMS" in page
    assert f"/spoergeskemaer/invitation/{invitation.pk}/indtast/" in page
    assert f"/spoergeskemaer/venskab/{friendship.pk}/barnets-stemme/" in page


def test_staff_enter_answers_from_a_phone_call_marked_so(login, staff, invitation):
    client = login(staff)
    url = f"/spoergeskemaer/invitation/{invitation.pk}/indtast/"
    form = client.get(url)
    assert form.status_code == 200
    assert "Tak, fordi I er med i Hjem til Os." in form.content.decode()  # the intro to read

    # Without the person's consent nothing is saved, and what was typed stays.
    refused = client.post(url, {**BASELINE, "consent": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Registrér, at personen sagde ja til at deltage" in page
    kept = refused.context["form"]
    assert kept["expectations"].value() == ["new_relations", "more_calm"]
    assert kept["wellbeing_now"].value() == "fair"
    assert not SurveyResponse.objects.exists()

    done = client.post(url, BASELINE)
    assert done.status_code == 302
    response = SurveyResponse.objects.get()
    assert (response.mode, response.recorded_by) == (ResponseMode.PHONE, staff)
    assert sorted(a.choice for a in response.answers.filter(key="expectations")) == [
        "more_calm",
        "new_relations",
    ]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ANSWERED
    assert InvitationEvent.objects.filter(invitation=invitation, by=staff).exists()

    # Answered: no reminder follows, and the link only thanks.
    guardian_phone = invitation.guardian.phone
    texts_before = len(sms_to(guardian_phone))
    assert invitation_reminders_send(now=timezone.now() + timedelta(days=8)) == 0
    assert len(sms_to(guardian_phone)) == texts_before
    assert "Tak for dine svar" in client.get(link_path(invitation)).content.decode()
    # The entered answers can be read back, marked as entered from a call.
    detail = client.get(f"/spoergeskemaer/besvarelse/{response.pk}/").content.decode()
    assert "Indtastet af en medarbejder fra en telefonsamtale" in detail
    assert "Nogenlunde" in detail
    # And cannot be entered twice.
    assert client.get(url).status_code == 403


def test_answers_given_through_the_link_stay_with_the_figures(login, staff, invitation):
    invitation.consented_at = timezone.now()
    invitation.save(update_fields=["consented_at"])
    response = response_submit(
        invitation=invitation,
        answers={
            "expectations": ["school"],
            "wellbeing_now": "poor",
            "other_adults": "yes",
            "hopes": "Privat",
        },
    )
    client = login(staff)
    page = client.get(f"/venskaber/{invitation.friendship_id}/").content.decode()
    assert "Besvaret via linket (indgår kun i tallene)" in page
    # The answers themselves are not shown to staff, not even at their address.
    assert client.get(f"/spoergeskemaer/besvarelse/{response.pk}/").status_code == 404


def test_a_declined_invitation_is_sent_again_with_a_reason_and_a_new_link(
    login, staff, invitation, django_capture_on_commit_callbacks
):
    old_path = link_path(invitation)
    invitation_decline(invitation=invitation)
    client = login(staff)
    url = f"/spoergeskemaer/invitation/{invitation.pk}/send-igen/"
    assert client.post(url, {"reason": " "}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "Maria bad om det i telefonen"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
    assert invitation.events.latest("id").reason == "Maria bad om det i telefonen"
    # The link as the SMS carries it (signed a second earlier or later than a token made
    # here would be): a new one, and it opens this invitation.
    sent = re.search(r"/svar/([^/\s]+)/", sms_to(invitation.guardian.phone)[-1])
    assert sent is not None and sent.group(0) != old_path
    assert invitation_for_token(sent.group(1)) == invitation
    assert client.get(old_path).status_code == 404  # only the newest link works


def test_staff_record_the_childs_voice_once(login, staff, friendship):
    client = login(staff)
    url = f"/spoergeskemaer/venskab/{friendship.pk}/barnets-stemme/"
    page = client.get(url).content.decode()
    assert "Rigtig godt" in page and 'class="htos-face"' in page
    answers = {
        "visited_on": timezone.localdate().isoformat(),
        "consent": "on",
        "visits_feel": "great",
        "looking_forward": "good",
        "grown_ups": "great",
        "say_in_it": "yes",
        "best_thing": "Hunden Bobby",
        "wish_different": "",
    }
    missing = client.post(url, {**answers, "looking_forward": ""})
    assert missing.status_code == 400
    assert "Hunden Bobby" in missing.content.decode()
    assert client.post(url, answers).status_code == 302
    voice = SurveyResponse.objects.get(survey__key="child_voice")
    assert (voice.mode, voice.recorded_by, voice.occasion_on) == (
        ResponseMode.IN_PERSON,
        staff,
        timezone.localdate(),
    )
    # A second visit to the page shows the answers instead of a new form.
    again = client.get(url, follow=True)
    assert again.redirect_chain[-1][0] == f"/spoergeskemaer/besvarelse/{voice.pk}/"
    assert "Hunden Bobby" in again.content.decode()


def test_the_child_visit_task_leads_to_the_childs_voice(login, staff, friendship):
    task = follow_up_task_create(
        site=friendship.site,
        kind=FollowUpKind.CHILD_VISIT,
        title="Børnebesøg efter 4 måneder",
        due_on=timezone.localdate(),
        owner=staff,
        friendship=friendship,
        by=staff,
    )
    # The task opened from "Mine opgaver" (in place, or as its own page without JavaScript).
    page = login(staff).get(reverse("followups:task", args=[task.pk])).content.decode()
    assert f"/spoergeskemaer/venskab/{friendship.pk}/barnets-stemme/" in page


def test_other_roles_and_other_sites_are_refused(
    login, other_staff, caseworker, evaluator, friendship, invitation
):
    pages = [
        f"/spoergeskemaer/invitation/{invitation.pk}/indtast/",
        f"/spoergeskemaer/invitation/{invitation.pk}/send-igen/",
        f"/spoergeskemaer/venskab/{friendship.pk}/barnets-stemme/",
    ]
    assert [login(other_staff).get(url).status_code for url in pages] == [404, 404, 404]
    assert [login(caseworker).get(url).status_code for url in pages] == [403, 403, 403]
    assert [login(evaluator).get(url).status_code for url in pages] == [403, 403, 403]
