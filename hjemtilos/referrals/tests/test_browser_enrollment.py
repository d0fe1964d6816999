"""In a real browser: a caseworker refers a child; staff receive it, hold the home
visit and mark the child ready for matching."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemtilos.conftest import years_ago
from hjemtilos.referrals.models import Referral, ReferralStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_child_is_referred_and_taken_through_intake(
    new_page, browser_login, caseworker, staff, site
):
    today = timezone.localdate()

    # The caseworker fills in the enrollment form with the parent.
    page = new_page()
    browser_login(page, caseworker)
    page.get_by_role("link", name="Henvis et barn").first.click()
    page.locator("#id_first_name").fill("Liva")
    page.locator("#id_last_name").fill("Nørgaard")
    page.locator("#id_date_of_birth").fill(years_ago(9).isoformat())
    page.locator("#id_school").fill("Sankt Annæ Skole")
    page.locator("#id_school_postal_code").fill("1416")
    page.get_by_label("Angst").check()
    page.locator("#id_needs").fill("Bliver let overvældet i store grupper.")
    page.locator("#id_street_address").fill("Amagerbrogade 100")
    page.locator("#id_postal_code").fill("2300")
    page.locator("#id_guardian1_first_name").fill("Yasmin")
    page.locator("#id_guardian1_last_name").fill("Nørgaard")
    page.locator("#id_guardian1_phone").fill("22 34 56 78")
    page.get_by_label("Barnets Lov §32").check()
    page.get_by_label("Forælderen giver samtykke til henvisningen til Hjem til Os").check()
    # Forgetting the consent to share information is caught, and nothing is lost.
    page.get_by_role("button", name="Send henvisningen").click()
    expect(page.get_by_text("Registrér forælderens samtykke til at dele").first).to_be_visible()
    assert page.locator("#id_needs").input_value() == "Bliver let overvældet i store grupper."
    assert page.locator("#id_guardian1_phone").input_value() == "22 34 56 78"
    page.get_by_label(
        "Forælderen giver samtykke til, at de nødvendige oplysninger deles med en venskabsfamilie"
    ).check()
    page.get_by_role("button", name="Send henvisningen").click()
    page.get_by_text("Henvisningen af Liva Nørgaard er sendt til Hjem til Os København.").wait_for()
    assert "Indsendt" in page.content()

    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.SUBMITTED

    # Staff find it first in the intake queue and receive it, in their own browser.
    page = new_page()
    browser_login(page, staff)
    # The menu's "Modtagelse" group opens to show the intake queue.
    page.get_by_role("button", name="Modtagelse").first.click()
    page.get_by_role("link", name="Modtagelse").first.click()
    # The queue must have replaced the home page before the child's name is clicked: a
    # click on the page being left can be lost, and the test then waits on the queue.
    page.wait_for_url(re.compile(r"/modtagelse/$"))
    page.get_by_role("link", name="Liva Nørgaard").click()
    page.get_by_role("button", name="Flyt til “Modtaget”").click()
    page.get_by_text("Henvisningen har nu status “Modtaget”.").wait_for()
    expect(page.get_by_text("Ring til forælderen til Liva Nørgaard")).to_be_visible()

    # The call agrees a home visit today; it is held and recorded.
    page.get_by_role("link", name="Planlæg hjemmebesøget").click()
    page.get_by_label("Dato").fill(today.isoformat())
    page.get_by_label("Tidspunkt").fill("08:00")
    page.get_by_role("button", name="Gem datoen").click()
    page.get_by_text("Hjemmebesøget er planlagt.").wait_for()
    page.get_by_role("link", name="Registrér hjemmebesøget").click()
    page.get_by_label("Afholdt den").fill(today.isoformat())
    page.get_by_label("Hvem deltog").fill("Yasmin, Liva og Sofie")
    page.get_by_label("Barnets egne ønsker, med barnets ord").fill("En familie med en hund.")
    page.get_by_role("button", name="Gem hjemmebesøget").click()
    page.get_by_text("Hjemmebesøget er registreret.").wait_for()
    expect(page.get_by_text("En familie med en hund.")).to_be_visible()

    page.get_by_role("button", name="Flyt til “Klar til matchning”").click()
    page.get_by_text("Henvisningen har nu status “Klar til matchning”.").wait_for()
    assert re.search(r"Status:\s*Klar til matchning", page.locator("main").inner_text())

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.READY_FOR_MATCHING
    assert referral.home_visit_held_on == today


def test_a_failed_referral_form_lists_its_errors_on_top_and_keeps_the_input(
    new_page, browser_login, caseworker, site
):
    page = new_page()
    browser_login(page, caseworker)
    page.get_by_role("link", name="Henvis et barn").first.click()
    # The child's first name and date of birth are forgotten; the rest is typed in.
    page.locator("#id_last_name").fill("Nørgaard")
    page.locator("#id_needs").fill("Bliver let overvældet i store grupper.")
    page.locator("#id_street_address").fill("Amagerbrogade 100")
    page.locator("#id_postal_code").fill("2300")
    page.get_by_role("button", name="Send henvisningen").click()

    summary = page.locator("[data-module=error-summary]")
    summary.wait_for()
    # The summary has the focus, so a screen reader reads it first.
    assert summary.evaluate("element => element === document.activeElement")
    first_name = summary.get_by_role("link", name="Skriv barnets fornavn.")
    born = summary.get_by_role("link", name="Skriv barnets fødselsdato som dd.mm.åååå.")
    expect(first_name).to_be_visible()
    expect(born).to_be_visible()
    # Further errors the service found (consents, legal basis) are listed as well.
    assert summary.get_by_role("link", name="Registrér forælderens samtykke", exact=False).count()

    # Each link moves the focus to its field.
    born.click()
    assert page.evaluate("document.activeElement.id") == "id_date_of_birth"
    first_name.click()
    assert page.evaluate("document.activeElement.id") == "id_first_name"
    page.keyboard.type("Liva")

    # Nothing typed is lost.
    assert page.locator("#id_last_name").input_value() == "Nørgaard"
    assert page.locator("#id_needs").input_value() == "Bliver let overvældet i store grupper."
    assert page.locator("#id_postal_code").input_value() == "2300"
    assert page.locator("#id_first_name").input_value() == "Liva"
