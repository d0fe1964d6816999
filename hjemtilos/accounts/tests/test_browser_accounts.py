"""In a real browser: a parent invited by SMS gets in; staff reset a forgotten password."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hjemtilos.accounts.models import Role, User
from hjemtilos.conftest import browser_signed_out, confirmed_device, totp_code
from hjemtilos.messaging.models import Message
from hjemtilos.referrals.models import Guardian

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "blaa-cykel-paa-bakken-7"


def link_path(message: Message) -> str:
    """The path of the one link in a message (the live server has its own address)."""
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return urlparse(match.group(0)).path


def test_a_parent_invited_by_sms_sets_a_password_and_logs_in(
    page, browser_session, staff, referral
):
    guardian = Guardian.objects.filter(family=referral.child.family).order_by("id")[0]
    Guardian.objects.filter(pk=guardian.pk).update(email="", phone="+4520304050")
    browser_session(page, staff)
    page.goto(page.base + reverse("referrals:child", args=[referral.child.pk]))
    page.locator("#guardians li").first.get_by_role("button", name="Invitér til portalen").click()
    expect(
        page.get_by_text(f"Der er sendt en invitation til {guardian.first_name}")
    ).to_be_visible()

    sms = Message.objects.get(channel="sms", to_user__phone="+4520304050")
    assert "Hjem til Os" in sms.body
    browser_signed_out(page)
    page.goto(page.base + link_path(sms))
    # The invitation says what the portal is for and how the parent logs in.
    expect(page.get_by_text("aflyse et besøg")).to_be_visible()
    page.get_by_label("Ny adgangskode").fill(NEW_PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Gem adgangskode").click()
    page.wait_for_url(page.base + "/")
    page.get_by_role("button", name="Log ud").click()

    page.goto(page.base + "/konto/log-ind/")
    page.get_by_label("E-mail eller mobilnummer").fill("20 30 40 50")
    page.get_by_label("Adgangskode").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(page.base + "/")
    user = User.objects.get(phone="+4520304050")
    assert user.role == Role.PARENT
    assert user.email is None
    # Signed in as the parent (the page names them), and the invitation went by SMS only.
    expect(page.get_by_text(user.get_full_name()).first).to_be_visible()
    assert not Message.objects.filter(channel="email", to_user=user).exists()
    # The invitation link does not work a second time.
    browser_signed_out(page)
    page.goto(page.base + link_path(sms))
    expect(page.get_by_role("heading", name="Invitationen kan ikke bruges")).to_be_visible()


def test_a_staff_member_resets_a_forgotten_password_from_the_login_page(page, staff):
    device = confirmed_device(staff)
    # An address nobody has gets the same answer, so the page tells no one who has an account.
    page.goto(page.base + "/konto/log-ind/")
    page.get_by_role("link", name="Glemt din adgangskode?").click()
    page.get_by_label("E-mail eller mobilnummer").fill("ingen@example.dk")
    page.get_by_role("button", name="Send linket").click()
    expect(page.get_by_role("heading", name="Tjek din e-mail eller SMS")).to_be_visible()
    assert not Message.objects.exists()

    page.goto(page.base + "/konto/log-ind/")
    page.get_by_role("link", name="Glemt din adgangskode?").click()
    page.get_by_label("E-mail eller mobilnummer").fill(staff.email.upper())
    page.get_by_role("button", name="Send linket").click()
    expect(page.get_by_role("heading", name="Tjek din e-mail eller SMS")).to_be_visible()

    mail = Message.objects.get(channel="email", to_user=staff)
    page.goto(page.base + link_path(mail))
    page.get_by_label("Ny adgangskode").fill(NEW_PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Gem adgangskode").click()
    expect(page.get_by_text("Log ind med din nye adgangskode.")).to_be_visible()

    page.goto(page.base + "/konto/log-ind/")
    page.get_by_label("E-mail eller mobilnummer").fill(staff.email)
    page.get_by_label("Adgangskode").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_label("Kode fra din godkendelses-app").fill(totp_code(device))
    page.get_by_role("button", name="Fortsæt").click()
    page.wait_for_url(page.base + "/")
    expect(page.get_by_text(staff.get_full_name()).first).to_be_visible()

    # The link worked once.
    browser_signed_out(page)
    page.goto(page.base + link_path(mail))
    expect(page.get_by_role("heading", name="Linket kan ikke bruges")).to_be_visible()
