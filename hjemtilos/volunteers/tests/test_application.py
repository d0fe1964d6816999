"""The public application: no login, campaign channel, spam protection, receipt."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from hjemtilos.accounts.models import Invitation, Role, User
from hjemtilos.conftest import years_ago
from hjemtilos.core.scheduler import registered_jobs
from hjemtilos.core.testing import get_page
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.messaging.models import Message
from hjemtilos.volunteers import jobs
from hjemtilos.volunteers.models import (
    ApplicationAttempt,
    FamilyEvent,
    VolunteerFamily,
    VolunteerFamilyStatus,
)
from hjemtilos.volunteers.services import (
    APPLICATION_LIMIT_PER_HOUR,
    application_attempt_register,
)

URL = "/familier/bliv-venskabsfamilie/"


def application(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "street_address": "Egevej 4",
        "postal_code": "2300",
        "name": "",
        "motivation": "Vi vil gerne give et barn en fast eftermiddag om ugen.",
        "activities": "Bage, cykle og spille brætspil.",
        "pets": "En hund",
        "languages": "Dansk og engelsk",
        "smoking": "no",
        "transport": "bike",
        "weekdays": ["1", "3"],
        "child_age_min": "6",
        "child_age_max": "11",
        "cannot_take_on": ["adhd"],
        "cannot_take_on_other": "",
        "recruitment_channel": "aula",
        "consent": "on",
        "website": "",
        "members-TOTAL_FORMS": "6",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "12",
    }
    people = [
        ("Hanne", "Krogh", years_ago(38), "hanne@krogh.example.org", "22334455"),
        ("Peter", "Krogh", years_ago(40), "peter@krogh.example.org", "+4522334466"),
        ("Lea", "Krogh", years_ago(9), "", ""),
    ]
    for i, (first, last, born, email, phone) in enumerate(people):
        data.update(
            {
                f"members-{i}-first_name": first,
                f"members-{i}-last_name": last,
                f"members-{i}-date_of_birth": born.isoformat(),
                f"members-{i}-email": email,
                f"members-{i}-phone": phone,
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def client_anonymous(db) -> Client:
    return Client()


def test_the_page_is_public_and_the_campaign_link_preselects_the_channel(client_anonymous, site):
    response = get_page(client_anonymous, URL + "?kanal=aula", queries=0, name="from Aula")
    assert (
        'value="aula" class="form-radio" id="id_recruitment_channel_1" checked' in response.text
        or (
            'value="aula"' in response.text
            and "checked" in response.text.split('value="aula"')[1][:80]
        )
    )
    response = get_page(client_anonymous, URL + "?kanal=facebook", queries=0, name="from Facebook")
    assert "checked" in response.text.split('value="social_media"')[1][:80]
    # Adults must give an e-mail address and a phone number: never marked optional.
    email_label = response.text.split('for="id_members-0-email"')[1].split("</label>")[0]
    assert "(skal udfyldes for voksne)" in email_label and "valgfri" not in email_label


def test_applying_creates_the_family_invitations_receipts_and_a_task(client_anonymous, site, staff):
    response = client_anonymous.post(URL, application(), REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302 and response["Location"].endswith("/tak/")
    family = VolunteerFamily.objects.get()
    assert family.site == site and family.status == VolunteerFamilyStatus.APPLIED
    assert family.name == "Familien Krogh"
    assert family.recruitment_channel == "aula"
    assert family.weekdays == [1, 3] and family.cannot_take_on == ["adhd"]
    assert family.consent_given_at is not None and family.contact_person == staff
    assert FamilyEvent.objects.filter(family=family, to_status="applied").exists()
    assert family.members.count() == 3
    # The adults get a login each, as volunteers, linked to their member row.
    for member in family.members.exclude(email=""):
        assert member.user is not None
        assert member.user.role == Role.VOLUNTEER and not member.user.has_usable_password()
        assert Invitation.objects.filter(user=member.user).exists()
    assert family.members.get(first_name="Lea").user is None
    assert Message.objects.filter(template="volunteer_application_received").count() == 2
    assert Message.objects.filter(template="invitation").count() == 2
    task = FollowUpTask.objects.get(volunteer_family=family)
    assert task.kind == FollowUpKind.FAMILY_INTERVIEW and task.owner == staff

    # The receipt is shown once, from the session.
    receipt = get_page(
        client_anonymous, response["Location"], queries=2, name="the receipt", first_visit=True
    )
    assert "Familien Krogh" in receipt.text and "hanne@krogh.example.org" in receipt.text


def test_the_receipt_email_reaches_the_applicant_in_danish(
    client_anonymous, site, staff, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_anonymous.post(URL, application(), REMOTE_ADDR="10.1.1.2")
    subjects = {(tuple(to), mail["Subject"]) for to, mail in smtp_server.messages}
    assert (("hanne@krogh.example.org",), "Tak for jeres ansøgning til Hjem til Os") in subjects
    receipt = next(
        mail for to, mail in smtp_server.messages if mail["Subject"].startswith("Tak for")
    )
    assert "Familien Krogh" in receipt.get_content() and "Sofie Test" in receipt.get_content()


def test_errors_are_shown_in_danish_and_nothing_typed_is_lost(client_anonymous, site):
    data = application(**{"members-1-email": "", "consent": "", "postal_code": "99"})
    response = client_anonymous.post(URL, data)
    assert response.status_code == 400
    assert not VolunteerFamily.objects.exists()
    text = response.content.decode()
    assert "Giv en e-mailadresse til alle voksne" in text
    # The error summary on top links to the row's field.
    assert 'href="#id_members-1-email"' in text
    assert "Ansøgningen kan kun behandles med jeres samtykke" in text
    assert "99 er ikke et dansk postnummer" in text
    # Everything typed is still there.
    assert "Vi vil gerne give et barn en fast eftermiddag om ugen." in text
    assert 'value="Egevej 4"' in text and 'value="Peter"' in text and 'value="Lea"' in text


def test_at_least_one_adult_must_live_in_the_home(client_anonymous, site):
    data = application()
    for i in (0, 1):
        for field in ("first_name", "last_name", "date_of_birth", "email", "phone"):
            data[f"members-{i}-{field}"] = ""
    response = client_anonymous.post(URL, data)
    assert response.status_code == 400
    assert "Mindst én voksen" in response.content.decode()


def test_a_postal_code_without_a_site_is_explained(client_anonymous, site):
    response = client_anonymous.post(URL, application(postal_code="8000"))
    assert response.status_code == 400
    assert "Aarhus" in response.content.decode()
    assert not VolunteerFamily.objects.exists()


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_stored(client_anonymous, site):
    response = client_anonymous.post(URL, application(website="http://spam.example"))
    assert response.status_code == 302
    assert not VolunteerFamily.objects.exists() and not User.objects.exists()


def test_the_rate_limit_stops_a_flood_but_keeps_what_was_typed(client_anonymous, site, staff):
    for i in range(APPLICATION_LIMIT_PER_HOUR):
        data = application(
            **{
                "members-0-email": f"a{i}@example.org",
                "members-1-email": f"b{i}@example.org",
            }
        )
        assert client_anonymous.post(URL, data, REMOTE_ADDR="10.9.9.9").status_code == 302
    response = client_anonymous.post(URL, application(), REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert "Egevej 4" in response.content.decode()
    assert VolunteerFamily.objects.count() == APPLICATION_LIMIT_PER_HOUR
    # Another address is not affected; only hashes of addresses are kept.
    assert client_anonymous.post(URL, application(), REMOTE_ADDR="10.8.8.8").status_code == 302
    assert not ApplicationAttempt.objects.filter(client_hash__contains="10.9").exists()


def test_an_email_that_already_has_an_account_is_not_taken_over(client_anonymous, site, volunteer):
    response = client_anonymous.post(
        URL, application(**{"members-0-email": volunteer.email}), REMOTE_ADDR="10.1.1.3"
    )
    assert response.status_code == 302
    member = VolunteerFamily.objects.get().members.get(first_name="Hanne")
    assert member.user is None  # staff link an existing login by hand


def test_application_attempts_are_forgotten_by_their_own_daily_job(vetting_family):
    for _attempt in range(APPLICATION_LIMIT_PER_HOUR):
        assert application_attempt_register(address="10.7.7.7")
    assert not application_attempt_register(address="10.7.7.7")  # the hourly limit holds
    assert "volunteers.application_attempts_prune" in {job.name for job in registered_jobs()}
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert application_attempt_register(address="10.7.7.7")  # a new day: welcome again
        # The birthday job is about vetting ages and leaves the counts alone.
        jobs.vetting_birthdays.call()
        assert ApplicationAttempt.objects.count() == APPLICATION_LIMIT_PER_HOUR + 1
        # The pruning job forgets what is older than a day and keeps today's.
        assert jobs.application_attempts_prune.call() == APPLICATION_LIMIT_PER_HOUR
        assert ApplicationAttempt.objects.count() == 1
