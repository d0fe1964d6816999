"""In a real browser: a family applies, staff vet it to approval, the adults accept online.

Approval is tried while items are missing and refused with the list, then
granted once the interview, certificates, course and code of conduct are in.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemtilos.conftest import years_ago
from hjemtilos.messaging.models import Message
from hjemtilos.volunteers.models import VolunteerFamily, VolunteerFamilyStatus

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "lang-og-sikker-adgangskode-7"


def fill_member(page, index, first, last, born, email="", phone=""):
    page.locator(f"#id_members-{index}-first_name").fill(first)
    page.locator(f"#id_members-{index}-last_name").fill(last)
    page.locator(f"#id_members-{index}-date_of_birth").fill(born.isoformat())
    if email:
        page.locator(f"#id_members-{index}-email").fill(email)
        page.locator(f"#id_members-{index}-phone").fill(phone)


def test_a_family_applies_and_is_taken_through_vetting_to_approval(
    page, new_page, browser_session, site, staff, policy_versions
):
    # The family applies from a campaign link on Aula.
    page.goto(page.base + "/familier/bliv-venskabsfamilie/?kanal=aula")
    assert page.get_by_label("Aula").is_checked()
    page.get_by_label("Adresse").fill("Egevej 4")
    page.get_by_label("Postnummer").fill("2300")
    fill_member(page, 0, "Hanne", "Krogh", years_ago(38), "hanne@krogh.example.org", "22334455")
    fill_member(page, 1, "Lea", "Krogh", years_ago(9))
    page.get_by_label("Hvorfor vil I gerne være venskabsfamilie?").fill("Vi har tid og plads.")
    page.get_by_label("Hvad kan I lide at lave sammen?").fill("Bage og cykle.")
    page.get_by_label("Nej").check()
    page.get_by_label("Cykel").check()
    page.get_by_label("Tirsdag").check()
    # Forgetting the consent keeps everything typed and says why.
    page.get_by_role("button", name="Send ansøgningen").click()
    consent_error = "Ansøgningen kan kun behandles med jeres samtykke."
    # Said in the summary on top (a link to the box) and next to the box itself.
    summary = page.locator("[data-module=error-summary]")
    expect(summary.get_by_role("link", name=consent_error)).to_be_visible()
    expect(page.locator(".form-error-message", has_text=consent_error)).to_be_visible()
    assert page.get_by_label("Adresse").input_value() == "Egevej 4"
    page.get_by_label(re.compile("Vi giver samtykke")).check()
    page.get_by_role("button", name="Send ansøgningen").click()
    page.wait_for_url(re.compile("/tak/$"))
    expect(page.get_by_text("hanne@krogh.example.org")).to_be_visible()
    family = VolunteerFamily.objects.get()
    assert family.recruitment_channel == "aula"

    # Staff plan and hold the home interview.
    staff_page = new_page()
    browser_session(staff_page, staff)
    staff_page.goto(f"{page.base}/familier/{family.pk}/")
    staff_page.get_by_role("link", name="Planlæg hjemmesamtalen").click()
    yesterday = timezone.localdate() - timedelta(days=1)
    staff_page.locator("#id_day").fill(yesterday.isoformat())
    staff_page.locator("#id_time").fill("17:00")
    staff_page.get_by_role("button", name="Planlæg samtalen").click()
    staff_page.get_by_role("link", name="Registrér hjemmesamtalen").click()
    staff_page.get_by_label("Hvem deltog").fill("Hanne og Lea")
    staff_page.locator("#id_whole_family_supports_0").check()
    staff_page.get_by_label("Motivation").fill("Stabil hverdag og lyst til at give.")
    staff_page.locator("#id_capacity_1").check()
    staff_page.get_by_role("button", name="Gem samtalen").click()
    staff_page.get_by_role("button", name="Flyt til “Godkendelse i gang”").click()
    family.refresh_from_db()
    assert family.status == VolunteerFamilyStatus.VETTING

    # Approval is refused while anything is missing, with the list.
    staff_page.get_by_role("link", name="Godkendelse: tjek og godkend").click()
    staff_page.get_by_label("Hvorfor familien godkendes").fill("God samtale.")
    staff_page.get_by_role("button", name="Godkend familien").click()
    expect(staff_page.get_by_text("Familien kan ikke godkendes endnu").first).to_be_visible()
    expect(staff_page.get_by_text("Hanne: børneattesten er ikke modtaget.").first).to_be_visible()
    expect(
        staff_page.get_by_text("Hanne har ikke accepteret den gældende samværspolitik.").first
    ).to_be_visible()

    # Certificates and the course for Hanne.
    staff_page.get_by_role("link", name="Hanne Krogh").first.click()
    for kind in ("child_protection", "criminal_record"):
        staff_page.locator(f"#id_{kind}-requested_on").fill(
            (yesterday - timedelta(days=9)).isoformat()
        )
        staff_page.locator(f"#id_{kind}-received_on").fill(yesterday.isoformat())
        staff_page.locator(f"#id_{kind}-result").select_option("no_remarks")
        staff_page.locator(f"form:has(#id_{kind}-result) button").click()
        expect(staff_page.get_by_text("Attesten er registreret.")).to_be_visible()
    staff_page.get_by_label("Onlinekursus gennemført").fill(yesterday.isoformat())
    staff_page.get_by_role("button", name="Gem kursusdatoen").click()

    # Hanne accepts the invitation, then the code of conduct and ethical rules in the portal.
    invitation = Message.objects.get(template="invitation", to_address="hanne@krogh.example.org")
    found = re.search(r"https?://\S+", invitation.body)
    assert found is not None
    link = found.group(0)
    page.goto(page.base + "/" + link.split("/", 3)[3])
    page.get_by_label("Ny adgangskode").fill(PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(PASSWORD)
    page.get_by_role("button", name="Gem adgangskode").click()
    page.get_by_role("link", name=re.compile("Vores husstand")).first.click()
    expect(
        page.get_by_text("Hanne har ikke accepteret den gældende samværspolitik.")
    ).to_be_visible()
    for document in ("Samværspolitik", "Organisationens etiske regelsæt"):
        page.get_by_role("link", name=re.compile(document)).first.click()
        page.get_by_label("Jeg har læst teksten og vil følge den").check()
        page.get_by_role("button", name="Acceptér").click()
        expect(page.get_by_text("Tak. Du har accepteret")).to_be_visible()
    expect(page.get_by_text("Intet: alt er på plads.")).to_be_visible()

    # Now approval goes through, recorded with who and why.
    staff_page.goto(f"{page.base}/familier/{family.pk}/godkend/")
    expect(staff_page.get_by_text("Alle godkendelseskrav er opfyldt.")).to_be_visible()
    staff_page.get_by_label("Hvorfor familien godkendes").fill("Alle krav opfyldt; varm familie.")
    staff_page.get_by_role("button", name="Godkend familien").click()
    expect(staff_page.get_by_text("Familien Krogh er godkendt.")).to_be_visible()
    family.refresh_from_db()
    assert family.status == VolunteerFamilyStatus.APPROVED and family.approved_by == staff
