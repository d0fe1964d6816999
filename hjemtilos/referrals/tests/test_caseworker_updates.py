"""The referring caseworker is kept informed (issue 14): on their pages and by e-mail.

Each step of the child's course reaches the caseworker once, in their
language, without ever naming the volunteer family; the caseworker can
switch the e-mails off and still sees the updates.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.demo.builders import build_referral
from hjemtilos.friendships.models import FutureAgreement
from hjemtilos.friendships.services.ending import friendship_complete
from hjemtilos.friendships.tests.conftest import end_early
from hjemtilos.messaging.models import Channel, Message
from hjemtilos.referrals.models import (
    CaseworkerUpdate,
    CaseworkerUpdateKind,
    Referral,
    ReferralStatus,
)
from hjemtilos.referrals.services import (
    caseworker_preferences_save,
    caseworker_update_record,
    home_visit_record,
    referral_transition,
)


def caseworker_emails(caseworker):
    return list(
        Message.objects.filter(template="caseworker_update", to_user=caseworker).order_by("id")
    )


def test_receiving_and_the_home_visit_reach_the_caseworker_by_email(
    referral_submitted, staff, caseworker
):
    referral_transition(referral=referral_submitted, to_status=ReferralStatus.RECEIVED, by=staff)
    referral_transition(
        referral=referral_submitted, to_status=ReferralStatus.HOME_VISIT_PLANNED, by=staff
    )
    home_visit_record(
        referral=referral_submitted,
        by=staff,
        data={"held_on": timezone.localdate(), "attendees": "Emma og mor"},
    )

    kinds = list(
        CaseworkerUpdate.objects.filter(referral=referral_submitted)
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == [CaseworkerUpdateKind.RECEIVED, CaseworkerUpdateKind.HOME_VISIT_HELD]
    received, held = caseworker_emails(caseworker)
    assert received.channel == Channel.EMAIL and received.to_address == caseworker.email
    assert received.subject == "Vi har modtaget henvisningen af Emma"
    assert f"/henvisninger/{referral_submitted.pk}/" in received.body
    assert held.subject == "Hjemmebesøget hos Emma er holdt"


def test_an_early_end_gives_the_reason_category_but_never_the_family(friendship, staff, caseworker):
    end_early(friendship, by=staff, reason_category="moved", reason="Mor flytter til Odense")

    update = CaseworkerUpdate.objects.get(kind=CaseworkerUpdateKind.ENDED_EARLY)
    assert update.referral == friendship.referral and update.end_reason_category == "moved"
    (email,) = caseworker_emails(caseworker)
    assert email.subject == "Venskabet for Emma er ophørt før tid"
    assert "Årsag: En af familierne flyttede." in email.body
    # Neither the volunteer family nor staff's free-text reason leaves the charity.
    assert friendship.family.name not in email.body and "Odense" not in email.body


def test_an_ended_friendship_is_shown_as_ended_early_not_as_matched(
    friendship, staff, caseworker, login
):
    Referral.objects.filter(pk=friendship.referral_id).update(status=ReferralStatus.MATCHED)
    end_early(friendship, by=staff, reason_category="moved", reason="Mor flytter til Odense")
    mine = get_page(login(caseworker), reverse("referrals:mine"), queries=5, name="my referrals")
    table = mine.text[mine.text.index("<tbody") :]
    assert "Venskabet ophørte før tid" in table
    assert "Matchet" not in table and "Venskab i gang" not in table


def test_the_completed_year_says_whether_it_continues_privately(
    friendship, staff, caseworker, login
):
    Referral.objects.filter(pk=friendship.referral_id).update(status=ReferralStatus.MATCHED)
    FutureAgreement.objects.create(
        friendship=friendship, agreed_continue=True, agreed_at=timezone.now()
    )
    assert friendship_complete(friendship=friendship)

    (email,) = caseworker_emails(caseworker)
    assert "Familierne har aftalt at fortsætte venskabet privat." in email.body
    client = login(caseworker)
    mine = get_page(client, reverse("referrals:mine"), queries=5, name="the caseworker's referrals")
    # The table says how the friendship went, not merely "Matchet".
    assert "Afsluttet, fortsætter privat" in mine.text
    updates = get_page(
        client, reverse("referrals:updates"), queries=6, name="the caseworker's updates"
    )
    assert "Venskabsåret blev afsluttet" in updates.text
    assert "Familierne fortsætter venskabet privat." in updates.text
    assert friendship.family.name not in mine.text + updates.text


def test_a_running_friendship_is_shown_as_running(friendship, caseworker, login):
    Referral.objects.filter(pk=friendship.referral_id).update(status=ReferralStatus.MATCHED)
    mine = get_page(login(caseworker), reverse("referrals:mine"), queries=5, name="my referrals")
    assert "Venskab i gang" in mine.text


def test_switching_the_emails_off_keeps_the_updates_on_the_page(
    referral_submitted, staff, caseworker, login
):
    client = login(caseworker)
    url = reverse("referrals:updates")
    form = client.get(url)
    assert form.context["form"].initial["email_updates"] is True
    response = client.post(url, {}, follow=True)
    assert "Du får ikke længere beskederne på e-mail" in response.text

    referral_transition(referral=referral_submitted, to_status=ReferralStatus.RECEIVED, by=staff)

    assert caseworker_emails(caseworker) == []
    update = CaseworkerUpdate.objects.get(referral=referral_submitted)
    assert update.emailed is False
    page = get_page(client, url, queries=6, name="the updates with e-mails off")
    assert "Henvisningen blev modtaget" in page.text
    assert page.context["form"].initial["email_updates"] is False
    # And on again.
    client.post(url, {"email_updates": "on"})
    referral_transition(
        referral=referral_submitted,
        to_status=ReferralStatus.NOT_ELIGIBLE,
        by=staff,
        reason="Uden for målgruppen",
    )
    caseworker_update_record(
        referral=referral_submitted, kind=CaseworkerUpdateKind.RECEIVED, by=staff
    )
    assert len(caseworker_emails(caseworker)) == 1


def test_the_home_page_shows_the_latest_updates(referral_submitted, staff, caseworker, login):
    referral_transition(referral=referral_submitted, to_status=ReferralStatus.RECEIVED, by=staff)
    home = get_page(login(caseworker), reverse("core:home"), queries=5, name="caseworker's home")
    assert "Seneste beskeder" in home.text and "Henvisningen blev modtaget" in home.text


def test_the_updates_page_costs_the_same_with_more_updates(
    site, referral_submitted, staff, caseworker, login
):
    caseworker_preferences_save(caseworker=caseworker, email_updates=False)
    referral_transition(referral=referral_submitted, to_status=ReferralStatus.RECEIVED, by=staff)

    def more() -> None:
        for number in range(6):
            other = build_referral(site=site, caseworker=caseworker, first_name=f"Barn{number}")
            caseworker_update_record(referral=other, kind=CaseworkerUpdateKind.RECEIVED, by=staff)

    before, after = get_page_before_and_after(
        login(caseworker),
        reverse("referrals:updates"),
        queries=6,
        name="the caseworker's updates",
        change=more,
    )
    assert "Barn5" in after.text and "Barn5" not in before.text


def test_a_caseworker_sees_only_updates_on_their_own_referrals(
    referral_submitted, staff, caseworker, other_caseworker, login
):
    referral_transition(referral=referral_submitted, to_status=ReferralStatus.RECEIVED, by=staff)
    page = get_page(
        login(other_caseworker), reverse("referrals:updates"), queries=4, name="another's"
    )
    assert "Emma" not in page.text
    # A referral handed to another caseworker stops showing for the first one.
    Referral.objects.filter(pk=referral_submitted.pk).update(caseworker=other_caseworker)
    page = get_page(login(caseworker), reverse("referrals:updates"), queries=4, name="handed")
    assert "Emma" not in page.text


def test_a_referral_without_a_caseworker_tells_nobody(referral_submitted, staff):
    Referral.objects.filter(pk=referral_submitted.pk).update(caseworker=None)
    referral_submitted.refresh_from_db()
    referral_transition(referral=referral_submitted, to_status=ReferralStatus.RECEIVED, by=staff)
    assert not CaseworkerUpdate.objects.exists()
    assert not Message.objects.filter(template="caseworker_update").exists()
