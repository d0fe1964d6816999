"""Who may see and do what with a referral, decided on the server."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from hjemtilos.accounts.models import Role
from hjemtilos.conftest import make_user
from hjemtilos.core.testing import get_page
from hjemtilos.demo.builders import build_referral
from hjemtilos.referrals.models import HomeVisit, ReferralNote, ReferralStatus

S = ReferralStatus


@pytest.fixture
def draft(site, caseworker):
    return build_referral(site=site, caseworker=caseworker, status=S.DRAFT, first_name="Dagmar")


def test_another_municipalitys_caseworker_gets_404_everywhere(
    login, other_caseworker, referral, draft
):
    client = login(other_caseworker)
    for name, pk in [
        ("referrals:detail", referral.pk),
        ("referrals:edit", draft.pk),
        ("referrals:add_sibling", referral.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    for name in ("referrals:withdraw", "referrals:add_note", "referrals:change_status"):
        response = client.post(
            reverse(name, args=[referral.pk]), {"reason": "x", "text": "x", "to_status": "on_hold"}
        )
        assert response.status_code == 404, name
    referral.refresh_from_db()
    assert referral.status == S.READY_FOR_MATCHING
    assert not ReferralNote.objects.exists()
    mine = get_page(client, reverse("referrals:mine"), queries=3, name="the other's own list")
    assert "Emma" not in mine.text


def test_a_caseworker_of_the_same_municipality_sees_only_their_own(
    login, kobenhavn, referral, site
):
    colleague = make_user(
        Role.CASEWORKER, "colleague@example.org", "Cecilie", municipality=kobenhavn
    )
    client = login(colleague)
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    mine = get_page(client, reverse("referrals:mine"), queries=3, name="a colleague's list")
    assert "Emma" not in mine.text


@pytest.mark.parametrize("role", ["volunteer", "parent", "evaluator", "administrator"])
def test_volunteers_parents_evaluators_and_administrators_see_no_referral(
    login, people, role, referral
):
    client = login(people[role])
    assert client.get(reverse("referrals:mine")).status_code == 403
    assert client.get(reverse("referrals:intake")).status_code == 403
    assert client.get(reverse("referrals:create")).status_code == 403
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404


def test_staff_of_another_site_get_404(login, other_staff, referral):
    client = login(other_staff)
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    response = client.post(
        reverse("referrals:change_status", args=[referral.pk]), {"to_status": S.ON_HOLD}
    )
    assert response.status_code == 404


def test_the_caseworker_never_sees_the_volunteer_family(
    login, caseworker, referral, friendship, volunteer_family
):
    referral.refresh_from_db()
    client = login(caseworker)
    pages = [
        get_page(client, url, queries=queries, name=name).text
        for url, queries, name in [
            (reverse("referrals:detail", args=[referral.pk]), 9, "the matched referral"),
            (reverse("referrals:mine"), 5, "the caseworker's list"),
            (reverse("core:home"), 5, "the caseworker's home"),
        ]
    ]
    member = volunteer_family.members.first()
    for text in pages:
        assert volunteer_family.name not in text
        assert volunteer_family.street_address not in text
        assert member.first_name not in text
        # Nor the logbook.
        assert "Vi bagte boller" not in text
    # The friendship's start is there, as a date.
    with translation.override("da"):
        started = date_format(friendship.started_on, "j. F Y")
    assert started in pages[0] and started in pages[1]


def test_the_caseworker_cannot_read_home_visit_notes_or_tasks(login, caseworker, staff, referral):
    HomeVisit.objects.create(
        referral=referral,
        planned_for=timezone.now(),
        held_on=timezone.localdate(),
        attendees="Mor og Emma",
        notes="Staff's own assessment of the mother",
    )
    url = reverse("referrals:detail", args=[referral.pk])
    staff_page = get_page(login(staff), url, queries=13, name="staff's referral page")
    assert "assessment of the mother" in staff_page.text
    page = get_page(login(caseworker), url, queries=9, name="the caseworker's referral page")
    assert "assessment of the mother" not in page.text
    assert "Opgaver" not in page.text


def test_the_caseworker_cannot_move_a_referral_on(login, caseworker, site):
    referral = build_referral(site=site, caseworker=caseworker, status=S.SUBMITTED)
    response = login(caseworker).post(
        reverse("referrals:change_status", args=[referral.pk]), {"to_status": S.RECEIVED}
    )
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED


def test_caseworker_and_staff_exchange_notes(login, caseworker, staff, referral):
    login(caseworker).post(
        reverse("referrals:add_note", args=[referral.pk]), {"text": "Mor er ny på jobbet."}
    )
    login(staff).post(
        reverse("referrals:add_note", args=[referral.pk]), {"text": "Tak, vi ringer om aftenen."}
    )
    url = reverse("referrals:detail", args=[referral.pk])
    page = get_page(login(caseworker), url, queries=9, name="the referral with two notes")
    assert "Mor er ny på jobbet." in page.text and "Tak, vi ringer om aftenen." in page.text


def test_an_empty_note_is_refused_and_explained(login, caseworker, referral):
    response = login(caseworker).post(
        reverse("referrals:add_note", args=[referral.pk]), {"text": ""}
    )
    assert response.status_code == 400
    assert "Skriv note." in response.text


def test_viewing_a_referral_is_audited(login, caseworker, referral):
    url = reverse("referrals:detail", args=[referral.pk])
    get_page(login(caseworker), url, queries=9, name="the caseworker's referral page")
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=caseworker).first()
    assert entry is not None
