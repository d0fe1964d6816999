"""Session limits by role, a new session key after the second factor, and login throttling
per address across accounts with the client address from trusted proxies only (ADR 0009)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from hjemtilos.accounts.models import AccountAction, AccountEvent
from hjemtilos.accounts.services import backup_codes_create, backup_codes_left
from hjemtilos.accounts.sessions import STARTED
from hjemtilos.conftest import PASSWORD, confirmed_device, totp_code
from hjemtilos.core.clientip import client_ip

pytestmark = pytest.mark.django_db

LOGIN = "/konto/log-ind/"


def test_staff_are_signed_out_after_30_idle_minutes_and_told_why(login, staff, caseworker):
    staff_client, caseworker_client = login(staff), login(caseworker)
    assert staff_client.get("/").status_code == 200
    assert caseworker_client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = staff_client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
        page = staff_client.get(response["Location"]).content.decode()
        assert "ikke havde brugt Hjem til Os et stykke tid" in page
        # A caseworker's limit is longer: still signed in.
        assert caseworker_client.get("/").status_code == 200


def test_a_busy_session_still_ends_after_12_hours(login, staff):
    client = login(staff)
    assert client.get("/").status_code == 200
    session = client.session
    session[STARTED] = (timezone.now() - timedelta(hours=12, minutes=1)).timestamp()
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert "logget ind i mange timer" in client.get(response["Location"]).content.decode()


def test_the_session_key_changes_when_the_second_factor_is_passed(staff):
    device = confirmed_device(staff)
    client = Client()
    client.post(LOGIN, {"username": staff.email, "password": PASSWORD})
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post(reverse("accounts:two_factor"), {"token": totp_code(device)})
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    # The key seen before the second factor is worth nothing now.
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = before
    assert stale.get("/").status_code == 302
    assert client.get("/").status_code == 200


def test_one_password_sprayed_over_many_accounts_locks_the_address(caseworker):
    sprayer = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        sprayer.post(
            LOGIN,
            {"username": f"person{n}@example.org", "password": "Sommer2026!"},
            # A forged header does not spread the attempts over many addresses.
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    # Even a right password is refused from that address now...
    locked = sprayer.post(LOGIN, {"username": caseworker.email, "password": PASSWORD})
    assert locked.status_code == 429
    # ...while the person signs in from their own.
    own = Client(REMOTE_ADDR="192.0.2.10")
    assert own.post(LOGIN, {"username": caseworker.email, "password": PASSWORD}).status_code == 302


def test_a_few_failures_from_one_address_do_not_lock_other_accounts(caseworker):
    office = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        office.post(LOGIN, {"username": "kollega@example.org", "password": "forkert"})
    response = office.post(LOGIN, {"username": caseworker.email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_client_address_trusts_exactly_the_configured_proxies(settings):
    factory = RequestFactory()
    request = factory.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.1"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"  # the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.9"  # never the entry the client wrote itself
    settings.TRUSTED_PROXY_COUNT = 5
    assert client_ip(request) == "10.0.0.2"  # fewer entries than proxies: the connection
    bad = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(bad) == "10.0.0.2"


def test_a_backup_code_lets_staff_in_once(staff):
    confirmed_device(staff)
    codes = backup_codes_create(user=staff)
    url = reverse("accounts:two_factor_backup")

    def sign_in_with(code: str) -> Client:
        client = Client()
        client.post(LOGIN, {"username": staff.email, "password": PASSWORD})
        response = client.post(url, {"code": code.upper()})
        return client if response.status_code == 302 else Client()

    assert sign_in_with(codes[0]).get("/").status_code == 200
    assert backup_codes_left(staff) == len(codes) - 1
    assert AccountEvent.objects.filter(user=staff, action=AccountAction.BACKUP_CODE_USED).exists()
    # Used once, it does not work again.
    again = Client()
    again.post(LOGIN, {"username": staff.email, "password": PASSWORD})
    refused = again.post(url, {"code": codes[0]})
    assert refused.status_code == 400
    assert "allerede brugt" in refused.content.decode()
    assert again.get("/").status_code == 302
