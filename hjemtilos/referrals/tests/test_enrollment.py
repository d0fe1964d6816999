"""The caseworker's enrollment form: drafts, submission, every validation message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from hjemtilos.conftest import years_ago
from hjemtilos.core.testing import get_page
from hjemtilos.demo.builders import build_friendship, build_referral
from hjemtilos.referrals.models import Child, Referral, ReferralStatus


def enrollment(**overrides: Any) -> dict[str, Any]:
    """A complete enrollment form as the browser posts it (Danish page, submit pressed)."""
    data: dict[str, Any] = {
        "action": "submit",
        "first_name": "Liva",
        "last_name": "Nørgaard",
        "date_of_birth": years_ago(8).isoformat(),
        "gender": "pige",
        "school": "Sankt Annæ Skole",
        "school_address": "Sankt Annæ Gade 5",
        "school_postal_code": "1416",
        "languages": "dansk, arabisk",
        "interests": "tegne, fodbold",
        "need_tags": ["adhd", "language"],
        "needs": "Har brug for ro og faste rammer efter skole.",
        "street_address": "Amagerbrogade 100, 2. th.",
        "postal_code": "2300",
        "single_parent": "on",
        "network": "Mormor bor i Jylland.",
        "health": "Mor har en kronisk sygdom.",
        "situation": "Trangt om plads i lejligheden.",
        "siblings": "Omar 3 år",
        "guardian1_first_name": "Yasmin",
        "guardian1_last_name": "Nørgaard",
        "guardian1_phone": "22 34 56 78",
        "guardian1_email": "yasmin@example.org",
        "guardian1_preferred_language": "da",
        "guardian2_preferred_language": "da",
        "wish_family_children": "older",
        "wish_father_figure": "on",
        "wish_pets": "would_like",
        "allergies": "nødder",
        "religion_food": "spiser ikke svinekød",
        "wishes": "En familie med have.",
        "legal_basis": "s32",
        "consent": "on",
        "sharing_consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_caseworker_submits_a_complete_referral(login, caseworker, site):
    response = login(caseworker).post(reverse("referrals:create"), enrollment())
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.site == site and referral.caseworker == caseworker
    assert referral.submitted_at is not None
    assert referral.consent_recorded_at and referral.sharing_consent_recorded_at
    child = referral.child
    assert child.need_tags == ["adhd", "language"]
    assert child.needs == "Har brug for ro og faste rammer efter skole."
    assert child.school_postal_code is not None and child.school_postal_code.code == "1416"
    family = child.family
    assert family.postal_code.code == "2300" and family.single_parent
    guardian = family.guardians.get()
    # Danish numbers are stored in one form, with the country code.
    assert guardian.phone == "+4522345678"
    assert referral.wish_family_children == "older" and referral.wish_father_figure


def test_sensitive_answers_are_unreadable_in_the_database(login, caseworker, site):
    login(caseworker).post(reverse("referrals:create"), enrollment())
    child = Child.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT needs FROM referrals_child WHERE id = %s", [child.pk])
        (raw_needs,) = cursor.fetchone()
        cursor.execute(
            "SELECT health, network FROM referrals_birthfamily WHERE id = %s", [child.family_id]
        )
        raw_family = cursor.fetchone()
    assert "faste rammer" not in raw_needs
    assert all("sygdom" not in value and "Mormor" not in value for value in raw_family)


def test_a_draft_can_be_saved_half_done_and_submitted_later(login, caseworker, site):
    client = login(caseworker)
    half_done = enrollment(action="draft", legal_basis=None, consent=None, sharing_consent=None)
    response = client.post(reverse("referrals:create"), half_done)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.status == ReferralStatus.DRAFT and referral.submitted_at is None
    # Staff do not see a draft in their intake queue.
    edit_url = reverse("referrals:edit", args=[referral.pk])
    page = get_page(client, edit_url, queries=11, name="the draft's form")
    assert 'value="Liva"' in page.text

    response = client.post(edit_url, enrollment(interests="svømning"))
    referral.refresh_from_db()
    assert response.status_code == 302
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.child.interests == "svømning"
    # A submitted referral can no longer be edited.
    assert client.get(edit_url).status_code == 403


def test_submitting_a_draft_with_missing_answers_keeps_it_a_draft(login, caseworker, site):
    client = login(caseworker)
    client.post(reverse("referrals:create"), enrollment(action="draft", legal_basis=None))
    referral = Referral.objects.get()
    response = client.post(
        reverse("referrals:edit", args=[referral.pk]), enrollment(legal_basis=None)
    )
    assert response.status_code == 400
    assert "Barnets Lov §30 eller §32" in response.text
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"date_of_birth": years_ago(3).isoformat()},
            "date_of_birth",
            "Barnet er 3 år. Hjem til Os København tager imod børn fra 4 til 13 år.",
        ),
        (
            {"date_of_birth": years_ago(14).isoformat()},
            "date_of_birth",
            "Barnet er 14 år. Hjem til Os København tager imod børn fra 4 til 13 år.",
        ),
        (
            {"date_of_birth": (timezone.localdate() + timedelta(days=3)).isoformat()},
            "date_of_birth",
            "Fødselsdatoen kan ikke ligge i fremtiden.",
        ),
        (
            {"legal_basis": None},
            "legal_basis",
            "Vælg lovgrundlaget: barnets forebyggende foranstaltning efter Barnets Lov §30 "
            "eller §32.",
        ),
        (
            {"consent": None},
            "consent",
            "Registrér forælderens samtykke til henvisningen, før du sender den.",
        ),
        (
            {"sharing_consent": None},
            "sharing_consent",
            "Registrér forælderens samtykke til at dele de nødvendige oplysninger med en "
            "venskabsfamilie, før du sender.",
        ),
        (
            {"guardian1_phone": "1234"},
            "guardian1_phone",
            "Skriv et dansk telefonnummer med 8 cifre, fx 22 33 44 55 eller +45 22 33 44 55.",
        ),
        (
            {"guardian1_phone": ""},
            "guardian1_phone",
            "Skriv et telefonnummer til mindst én forælder, så vi kan ringe om hjemmebesøget.",
        ),
        (
            {"postal_code": "0000"},
            "postal_code",
            "0000 er ikke et dansk postnummer. Tjek nummeret.",
        ),
        (
            {"school_postal_code": "9999"},
            "school_postal_code",
            "9999 er ikke et dansk postnummer. Tjek nummeret.",
        ),
        (
            {"guardian2_phone": "22 33 44 55", "guardian2_first_name": ""},
            "guardian2_first_name",
            "Skriv den anden forælders navn, eller ryd felterne.",
        ),
        ({"first_name": ""}, "first_name", "Skriv barnets fornavn."),
        (
            {"date_of_birth": "30/11"},
            "date_of_birth",
            "Skriv barnets fødselsdato som dd.mm.åååå, fx 24.03.2017.",
        ),
    ],
)
def test_each_mistake_is_explained_next_to_its_field_and_nothing_is_lost(
    login, caseworker, site, overrides, field, message
):
    data = enrollment(**overrides)
    response = login(caseworker).post(reverse("referrals:create"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert message in form.errors[field]
    # The message is shown next to the field, with what the user typed kept.
    assert message in response.text
    assert 'value="Amagerbrogade 100, 2. th."' in response.text
    assert "Har brug for ro og faste rammer efter skole." in response.text
    assert 'value="nødder"' in response.text
    assert not Referral.objects.exists()


def test_messages_are_in_english_for_english_users(login, caseworker, site):
    client = login(caseworker)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("referrals:create"), enrollment(consent=None))
    assert "consent to the referral before you submit it." in response.text
    assert response.context["form"].errors["consent"] == [
        "Record the parent's consent to the referral before you submit it."
    ]


def test_site_age_band_is_the_sites_own(login, caseworker, site):
    site.child_min_age, site.child_max_age = 5, 13
    site.save()
    response = login(caseworker).post(
        reverse("referrals:create"), enrollment(date_of_birth=years_ago(4, days=10).isoformat())
    )
    assert response.status_code == 400
    assert "fra 5 til 13 år" in response.text


def test_caseworker_without_a_site_in_their_municipality_is_told_so(login, other_caseworker):
    url = reverse("referrals:create")
    response = get_page(login(other_caseworker), url, queries=3, name="the form without a site")
    assert not Referral.objects.exists()
    assert "Aarhus" in response.text or "kommune" in response.text.lower()


def test_staff_register_a_phone_referral_for_a_caseworker(login, staff, caseworker, site):
    response = login(staff).post(
        reverse("referrals:create"), enrollment(caseworker=str(caseworker.pk))
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.caseworker == caseworker and referral.created_by == staff
    # The caseworker sees it among their own.
    listing = get_page(
        login(caseworker), reverse("referrals:mine"), queries=5, name="the caseworker's list"
    )
    assert "Liva Nørgaard" in listing.text


def test_phone_referral_needs_a_caseworker_of_the_sites_municipality(
    login, staff, other_caseworker, site
):
    response = login(staff).post(
        reverse("referrals:create"), enrollment(caseworker=str(other_caseworker.pk))
    )
    assert response.status_code == 400
    assert "caseworker" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_a_sibling_is_a_child_of_its_own_in_the_same_family(login, caseworker, site):
    client = login(caseworker)
    client.post(reverse("referrals:create"), enrollment())
    first = Referral.objects.get()
    url = reverse("referrals:add_sibling", args=[first.pk])
    form_page = get_page(client, url, queries=9, name="the sibling form")
    # Address and parents are shared, not asked again.
    assert "guardian1_first_name" not in form_page.text
    response = client.post(
        reverse("referrals:add_sibling", args=[first.pk]),
        {
            "action": "submit",
            "first_name": "Omar",
            "last_name": "Nørgaard",
            "date_of_birth": years_ago(6).isoformat(),
            "legal_basis": "s30",
            "consent": "on",
            "sharing_consent": "on",
        },
    )
    assert response.status_code == 302
    sibling = Referral.objects.exclude(pk=first.pk).get()
    assert sibling.child.family_id == first.child.family_id
    assert sibling.child_id != first.child_id
    assert sibling.status == ReferralStatus.SUBMITTED
    detail = get_page(
        client, reverse("referrals:detail", args=[first.pk]), queries=9, name="the referral"
    )
    assert "Omar Nørgaard" in detail.text


def test_caseworker_list_shows_own_referrals_with_their_dates(
    login, caseworker, other_caseworker, site, other_site
):
    build_referral(site=site, caseworker=caseworker, status="home_visit_held", first_name="Asta")
    build_referral(site=other_site, caseworker=other_caseworker, first_name="Bertram")
    response = get_page(
        login(caseworker), reverse("referrals:mine"), queries=5, name="the caseworker's list"
    )
    assert "Asta Hansen" in response.text
    assert "Bertram" not in response.text
    assert "Hjemmebesøg holdt" in response.text


def test_caseworker_list_shows_when_the_friendship_started_and_ended(
    login, caseworker, referral, volunteer_family
):
    started = timezone.localdate() - timedelta(days=400)
    build_friendship(
        referral=referral,
        family=volunteer_family,
        started_on=started,
        status="completed",
        ended_on=started + timedelta(days=365),
    )
    response = get_page(
        login(caseworker), reverse("referrals:mine"), queries=5, name="the list with a friendship"
    )
    with translation.override("da"):
        for day in (started, started + timedelta(days=365)):
            assert date_format(day, "j. F Y") in response.text
    assert volunteer_family.name not in response.text
