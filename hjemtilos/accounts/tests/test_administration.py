"""Administrators manage accounts through our audited pages, and cannot take one over.

Issue 11: no administrator reads a TOTP secret, sets another person's
password or changes their own role; a change to administrator needs a second
administrator; a second-factor reset forces re-enrolment; sensitive actions
ask for the second factor again (docs/decisions/0008, 0009).
"""

from __future__ import annotations

from base64 import b32encode

import pytest
from django.db import connection
from django.urls import reverse

from hjemtilos.accounts.models import (
    AccountAction,
    AccountEvent,
    AuthenticatorDevice,
    BackupCodeDevice,
    Role,
    RoleChangeRequest,
    User,
)
from hjemtilos.accounts.services import backup_codes_create
from hjemtilos.conftest import PASSWORD, confirmed_device, make_user, totp_code

pytestmark = pytest.mark.django_db


def secret_forms(device: AuthenticatorDevice) -> list[str]:
    """Every way the secret could be printed: hex, base32 (as apps and QR codes take it)."""
    return [device.key, b32encode(device.bin_key).decode(), b32encode(device.bin_key).decode()[:16]]


@pytest.fixture
def second_administrator(db):
    return make_user(Role.ADMINISTRATOR, "admin2@example.org", "Berit", is_staff=True)


def test_an_administrator_cannot_read_a_totp_secret(login, administrator, staff):
    device = confirmed_device(staff)
    client = login(administrator)
    pages = [
        reverse("accounts:user", args=[staff.pk]),
        "/admin/",
        f"/admin/accounts/user/{staff.pk}/change/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in secret_forms(device):
            assert secret not in body, url
        assert "otpauth://" not in body
    # No admin page lists devices or backup codes at all.
    for url in [
        "/admin/accounts/authenticatordevice/",
        "/admin/otp_static/staticdevice/",
        "/admin/otp_totp/totpdevice/",
    ]:
        assert client.get(url).status_code == 404, url
    # At rest the secret is encrypted: a copy of the database does not hold it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM accounts_authenticatordevice WHERE id = %s", [device.pk])
        (stored,) = cursor.fetchone()
    assert device.key not in stored


def test_the_secret_is_shown_to_nobody_once_the_app_is_set_up(login, staff):
    device = confirmed_device(staff)
    client = login(staff)
    # Even the owner sees no secret or QR code again, on the account page or the set-up page.
    for url in [reverse("accounts:account"), reverse("accounts:two_factor")]:
        body = client.get(url, follow=True).content.decode()
        assert all(secret not in body for secret in secret_forms(device)), url
        assert "htos-qr" not in body


def test_an_administrator_cannot_set_another_persons_password(login, administrator, staff):
    client = login(administrator)
    old_hash = staff.password
    # Django's own "change password" admin form does not exist here...
    password_page = client.get(f"/admin/accounts/user/{staff.pk}/password/", follow=True)
    assert 'type="password"' not in password_page.content.decode()
    # ...the change form is read-only and ignores a posted password...
    response = client.post(
        f"/admin/accounts/user/{staff.pk}/change/",
        {"email": staff.email, "password": "overtaget-konto-123", "role": Role.ADMINISTRATOR},
    )
    assert response.status_code == 403
    # ...and our user page offers no password field.
    body = client.get(reverse("accounts:user", args=[staff.pk])).content.decode()
    assert 'type="password"' not in body
    staff.refresh_from_db()
    assert staff.password == old_hash
    assert staff.role == Role.STAFF
    assert staff.check_password(PASSWORD)


def test_an_administrator_cannot_change_their_own_role(login, administrator):
    client = login(administrator)
    response = client.post(
        reverse("accounts:user_role_change", args=[administrator.pk]),
        {"role-to_role": Role.STAFF, "role-reason": "Vil gerne se sagerne"},
    )
    assert response.status_code == 400
    assert "Du kan ikke skifte din egen rolle" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR
    assert not AccountEvent.objects.filter(action=AccountAction.ROLE_CHANGED).exists()


def test_a_new_administrator_needs_a_second_administrators_confirmation(
    login, administrator, second_administrator, staff
):
    client = login(administrator)
    response = client.post(
        reverse("accounts:user_role_change", args=[staff.pk]),
        {"role-to_role": Role.ADMINISTRATOR, "role-reason": "Overtager driften"},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.role == Role.STAFF  # not yet
    request = RoleChangeRequest.objects.get(user=staff)

    # The one who asked cannot confirm it themselves.
    client.post(reverse("accounts:role_request_confirm", args=[request.pk]))
    staff.refresh_from_db()
    assert staff.role == Role.STAFF

    other = login(second_administrator)
    page = other.get(reverse("accounts:user", args=[staff.pk])).content.decode()
    assert "Overtager driften" in page
    response = other.post(reverse("accounts:role_request_confirm", args=[request.pk]))
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.role == Role.ADMINISTRATOR
    assert staff.is_staff
    changed = AccountEvent.objects.get(user=staff, action=AccountAction.ROLE_CHANGED)
    assert changed.by == second_administrator
    assert changed.reason == "Overtager driften"


def test_a_second_factor_reset_needs_a_reason_and_forces_re_enrolment(login, administrator, staff):
    confirmed_device(staff)
    backup_codes_create(user=staff)
    staff_client = login(staff)
    assert staff_client.get("/").status_code == 200
    client = login(administrator)
    url = reverse("accounts:user_second_factor_reset", args=[staff.pk])

    refused = client.post(url, {"reset-reason": "  "})
    assert refused.status_code == 400
    assert AuthenticatorDevice.objects.filter(user=staff).exists()

    assert client.post(url, {"reset-reason": "Mistet telefon, ringede 10.12"}).status_code == 302
    assert not AuthenticatorDevice.objects.filter(user=staff).exists()
    assert not BackupCodeDevice.objects.filter(user=staff).exists()
    event = AccountEvent.objects.get(user=staff, action=AccountAction.SECOND_FACTOR_RESET)
    assert (event.by, event.reason) == (administrator, "Mistet telefon, ringede 10.12")
    # The session left open on the staff member's computer has ended.
    response = staff_client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    # At the next sign-in the person sets up a new app: a new secret shown only to them.
    staff.refresh_from_db()
    fresh = login(staff, verified=False)
    setup = fresh.get(reverse("accounts:two_factor")).content.decode()
    assert "htos-qr" in setup


def test_a_sensitive_action_asks_for_the_second_factor_again(login, administrator, staff):
    confirmed_device(staff)
    client = login(administrator, fresh=False)
    url = reverse("accounts:user_second_factor_reset", args=[staff.pk])
    response = client.post(
        url,
        {"reset-reason": "Mistet telefon"},
        HTTP_REFERER="http://testserver" + reverse("accounts:user", args=[staff.pk]),
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm"))
    assert AuthenticatorDevice.objects.filter(user=staff).exists()

    confirm = client.post(
        response["Location"], {"token": totp_code(confirmed_device(administrator))}
    )
    assert confirm.status_code == 302
    assert confirm["Location"] == reverse("accounts:user", args=[staff.pk])
    assert client.post(url, {"reset-reason": "Mistet telefon"}).status_code == 302
    assert not AuthenticatorDevice.objects.filter(user=staff).exists()


def test_deactivating_ends_the_persons_sessions(login, administrator, caseworker):
    caseworker_client = login(caseworker)
    assert caseworker_client.get("/").status_code == 200
    client = login(administrator)
    response = client.post(
        reverse("accounts:user_deactivate", args=[caseworker.pk]),
        {"deactivate-reason": "Fratrådt 1.12"},
    )
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert not caseworker.is_active
    assert caseworker_client.get("/").status_code == 302
    page = client.get(reverse("accounts:user", args=[caseworker.pk])).content.decode()
    assert "Fratrådt 1.12" in page  # the history shows the reason


@pytest.mark.parametrize("role_fixture", ["staff", "advisory", "caseworker", "volunteer"])
def test_only_administrators_manage_accounts(request, login, role_fixture, administrator):
    client = login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("accounts:users")).status_code == 403
    assert client.get("/admin/").status_code == 403
    response = client.post(
        reverse("accounts:user_deactivate", args=[administrator.pk]),
        {"deactivate-reason": "x"},
    )
    assert response.status_code == 403
    administrator.refresh_from_db()
    assert administrator.is_active


def test_the_django_admin_asks_for_a_fresh_second_factor(login, administrator):
    # As the services make administrators: Django's flags follow the role.
    User.objects.filter(pk=administrator.pk).update(is_superuser=True)
    client = login(administrator, fresh=False)
    response = client.get("/admin/organisations/site/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm"))
    confirmed = client.post(
        response["Location"], {"token": totp_code(confirmed_device(administrator))}
    )
    assert confirmed["Location"] == "/admin/organisations/site/"
    assert client.get("/admin/organisations/site/").status_code == 200
