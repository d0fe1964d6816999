"""On a phone the menu, the user and the language switch are in the DKFDS drawer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_a_signed_in_caseworker_finds_the_menu_and_logs_out_on_a_phone(
    new_page, browser_session, caseworker, site
):
    page = new_page(viewport=PHONE, is_mobile=True)
    browser_session(page, caseworker)
    page.goto(page.base + "/")
    drawer = page.locator("#htos-mobile-drawer")
    expect(drawer).to_be_hidden()
    # The desktop menu is folded away; the menu button opens the drawer.
    expect(
        page.locator(".navigation-menu").get_by_role("link", name="Henvis et barn")
    ).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(drawer).to_be_visible()
    expect(drawer.get_by_text("Carl Test")).to_be_visible()
    drawer.get_by_role("link", name="Henvis et barn").click()
    page.wait_for_url(page.base + "/henvisninger/ny/")
    page.get_by_role("button", name="Menu").click()
    drawer.get_by_role("button", name="Log ud").click()
    page.wait_for_url(page.base + "/konto/log-ind/**")


def test_anyone_switches_language_on_a_phone(new_page):
    page = new_page(viewport=PHONE, is_mobile=True)
    page.goto(page.base + "/familier/bliv-venskabsfamilie/")
    page.get_by_role("button", name="Menu").click()
    page.locator("#htos-mobile-drawer").get_by_role("button", name="English").click()
    # The language is set on the next page; expect waits for it.
    expect(page.locator("html")).to_have_attribute("lang", "en")
