"""One rule for the channels that reach a person: a parent with only a phone gets an SMS."""

from __future__ import annotations

from pathlib import Path

import pytest

from hjemtilos.messaging.models import Channel
from hjemtilos.messaging.recipients import Reach, Recipient, channels_for, template_channels
from hjemtilos.messaging.services import message_queue_to_people

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "messaging" / "messages"
# Sent to staff only (a concern, an overnight stay): staff have e-mail by their login.
STAFF_ONLY = {"concern_raised", "overnight_stay"}


def person(email: str = "", phone: str = "") -> Recipient:
    return Recipient(first_name="Ali", email=email, phone=phone, user=None, language="da")


@pytest.mark.parametrize(
    ("email", "phone", "reach", "expected"),
    [
        ("ali@example.org", "22334455", Reach.EMAIL_ELSE_SMS, [Channel.EMAIL]),
        ("", "22334455", Reach.EMAIL_ELSE_SMS, [Channel.SMS]),
        ("", "123", Reach.EMAIL_ELSE_SMS, []),  # no usable number
        ("ali@example.org", "22334455", Reach.SMS_ELSE_EMAIL, [Channel.SMS]),
        ("ali@example.org", "", Reach.SMS_ELSE_EMAIL, [Channel.EMAIL]),
        ("ali@example.org", "22334455", Reach.EVERY_CHANNEL, [Channel.EMAIL, Channel.SMS]),
    ],
)
def test_channels_for_a_person(email, phone, reach, expected):
    assert channels_for(person(email, phone), template="farewell", reach=reach) == expected


def test_an_sms_only_message_is_not_turned_into_an_email():
    """A visit reminder has no e-mail text: a parent without a phone gets none."""
    assert template_channels("visit_reminder") == {Channel.SMS}
    found = channels_for(
        person("ali@example.org"), template="visit_reminder", reach=Reach.SMS_ELSE_EMAIL
    )
    assert found == []


def test_every_letter_to_a_family_has_an_sms_text_in_both_languages():
    """Whatever goes to a parent by e-mail can reach a parent who has only a phone."""
    letters = {path.name.split(".")[0] for path in TEMPLATES.glob("*.body.txt")} - STAFF_ONLY
    assert {"farewell", "referral_received", "deletion_reminder", "friendship_ended"} <= letters
    for template in sorted(letters):
        for language in ("da", "en"):
            assert (TEMPLATES / f"{template}.{language}.sms.txt").exists(), (template, language)


@pytest.mark.django_db
def test_a_person_without_any_address_is_skipped_and_the_rest_are_reached(site):
    queued = message_queue_to_people(
        [person(), person(phone="22 33 44 55")],
        template="friendship_ended",
        context={"child_first_name": "Emma", "family_name": "Familien Holm", "deletion": "x"},
        reach=Reach.EMAIL_ELSE_SMS,
        site=site,
    )
    assert [(m.channel, m.to_address, m.site) for m in queued] == [
        (Channel.SMS, "+4522334455", site)
    ]
    assert queued[0].body.startswith("Hej Ali. Venskabet mellem Emma og Familien Holm")
