"""Signing in: e-mail login, role home pages, the second factor, throttling."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hjemtilos.accounts.models import AuthenticatorDevice
from hjemtilos.conftest import PASSWORD, totp_code
from hjemtilos.core.testing import get_page

pytestmark = pytest.mark.django_db

LOGIN = "/konto/log-ind/"


def test_login_page_is_danish_by_default(client: Client):
    response = get_page(client, LOGIN, queries=0, name="the login page")
    assert 'lang="da"' in response.content.decode()
    assert "Log ind" in response.content.decode()


def test_login_page_switches_to_english(client: Client):
    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    response = get_page(client, LOGIN, queries=0, name="the English login page")
    assert 'lang="en"' in response.content.decode()
    assert "Log in to Hjem til Os" in response.content.decode()


def test_anonymous_user_is_sent_to_login(client: Client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_caseworker_logs_in_with_email_and_lands_on_home(client: Client, caseworker):
    response = client.post(LOGIN, {"username": "CASEWORKER@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    get_page(client, "/", queries=4, name="the caseworker's first home")


def test_wrong_password_shows_danish_error_and_keeps_email(client: Client, caseworker):
    response = client.post(LOGIN, {"username": caseworker.email, "password": "forkert"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "E-mail, mobilnummer eller adgangskode er forkert" in body
    assert 'value="caseworker@example.org"' in body


def test_login_is_locked_after_repeated_failures(client: Client, caseworker):
    for _ in range(5):
        client.post(LOGIN, {"username": caseworker.email, "password": "forkert"})
    response = client.post(LOGIN, {"username": caseworker.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "For mange" in response.content.decode()


def test_staff_without_device_must_set_up_totp_before_anything(client: Client, staff):
    client.post(LOGIN, {"username": staff.email, "password": PASSWORD})
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    setup = get_page(
        client, reverse("accounts:two_factor"), queries=5, name="setting up the second factor"
    )
    assert "htos-qr" in setup.content.decode()
    device = AuthenticatorDevice.objects.get(user=staff, confirmed=False)

    wrong = client.post(reverse("accounts:two_factor"), {"token": "000000"})
    assert "ikke korrekt" in wrong.content.decode()
    AuthenticatorDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    done = client.post(reverse("accounts:two_factor"), {"token": totp_code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    get_page(client, "/", queries=12, name="the staff home after setting up the second factor")


def test_staff_with_device_must_type_code_each_session(client: Client, staff):
    device = AuthenticatorDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.post(LOGIN, {"username": staff.email, "password": PASSWORD})
    assert client.get("/").status_code == 302
    page = get_page(
        client, reverse("accounts:two_factor"), queries=3, name="typing the second factor"
    )
    assert "htos-qr" not in page.content.decode()  # no new secret is shown to a verifier
    client.post(reverse("accounts:two_factor"), {"token": totp_code(device)})
    get_page(client, "/", queries=12, name="the staff home after the code")


@pytest.mark.parametrize("role_fixture", ["staff", "advisory", "administrator"])
def test_unverified_second_factor_roles_get_no_api_data(request, login, role_fixture):
    user = request.getfixturevalue(role_fixture)
    client = login(user, verified=False)
    response = client.get("/api/me")
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("role_fixture", "queries"),
    [("caseworker", 4), ("volunteer", 4), ("parent", 4), ("evaluator", 3)],
)
def test_other_roles_need_no_second_factor(request, login, role_fixture, queries):
    user = request.getfixturevalue(role_fixture)
    get_page(login(user), "/", queries=queries, name=f"the {role_fixture}'s home")


def test_next_parameter_cannot_redirect_off_site(client: Client, staff):
    device = AuthenticatorDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.post(LOGIN, {"username": staff.email, "password": PASSWORD})
    response = client.post(
        reverse("accounts:two_factor") + "?next=https://evil.example.com/",
        {"token": totp_code(device)},
    )
    assert response["Location"] == reverse("core:home")
