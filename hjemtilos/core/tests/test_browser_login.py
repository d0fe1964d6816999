"""In a real browser: sign in, land on the role's home page, switch language."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hjemtilos.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_caseworker_signs_in_and_switches_to_english(page, caseworker):
    page.goto(page.base + "/")
    assert "/konto/log-ind/" in page.url
    assert page.locator("html").get_attribute("lang") == "da"
    page.get_by_label("E-mail").fill(caseworker.email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(page.base + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "Log ud" in page.content()

    page.get_by_role("button", name="English").click()
    # The language is set on the next page; expect waits for it.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert "Log out" in page.content()


def test_wrong_password_keeps_the_email_in_the_browser(page, caseworker):
    page.goto(page.base + "/konto/log-ind/")
    page.get_by_label("E-mail").fill(caseworker.email)
    page.get_by_label("Adgangskode").fill("forkert-adgangskode")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_text("E-mail, mobilnummer eller adgangskode er forkert")).to_be_visible()
    assert page.get_by_label("E-mail").input_value() == caseworker.email
