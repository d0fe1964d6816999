"""The JSON API: session and token auth, the same policies as the pages, JSON errors only."""

from __future__ import annotations

import importlib
import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from ninja import Router

from hjemtilos.api.models import ApiToken
from hjemtilos.api.routers import registered_routers
from hjemtilos.api.services import api_token_create, api_token_expiry_warnings_send
from hjemtilos.core.testing import get_page
from hjemtilos.messaging.models import Message


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_openapi_schema_lists_the_operations(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/me", "/api/sites", "/api/sites/{site_id}", "/api/tokens"} <= set(paths)


def test_docs_page_loads_nothing_from_other_hosts(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert "cdn" not in response.text.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in response.text


def test_anonymous_gets_json_401_not_a_login_redirect(client):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "API" in response.json()["detail"]


def test_session_user_reads_me(login, caseworker, kobenhavn):
    response = login(caseworker).get("/api/me")
    assert response.status_code == 200
    assert response.json()["email"] == "caseworker@example.org"
    assert response.json()["municipality_code"] == 101


def test_staff_without_second_factor_get_json_403(login, staff):
    response = login(staff, verified=False).get("/api/me")
    assert response.status_code == 403
    assert response.json()["detail"]


def test_bearer_token_acts_as_its_user(client, caseworker):
    _token, secret = api_token_create(user=caseworker, name="Fagsystem")
    response = client.get("/api/me", **bearer(secret))
    assert response.status_code == 200 and response.json()["role"] == "caseworker"
    assert ApiToken.objects.get().last_used_at is not None


def test_the_secret_is_stored_only_as_a_hash(caseworker):
    token, secret = api_token_create(user=caseworker, name="Fagsystem")
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in json.dumps(row, default=str)
    assert row["token_hash"] == ApiToken.hash(secret)


@pytest.mark.parametrize("state", ["revoked", "expired", "wrong"])
def test_unusable_tokens_are_refused_with_401(client, caseworker, state):
    token, secret = api_token_create(user=caseworker, name="X")
    if state == "revoked":
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    else:
        secret += "x"
    response = client.get("/api/me", **bearer(secret))
    assert response.status_code == 401
    assert response.json()["detail"]


def test_sites_follow_the_site_policy(login, staff, site, other_site, caseworker):
    client = login(staff)
    assert [s["name"] for s in client.get("/api/sites").json()] == [site.name]
    assert client.get(f"/api/sites/{site.pk}").json()["child_max_age"] == 13
    refused = client.get(f"/api/sites/{other_site.pk}")
    assert refused.status_code == 404 and refused.json()["detail"]
    assert login(caseworker).get("/api/sites").status_code == 403


def test_municipalities_are_all_98(login, parent):
    data = login(parent).get("/api/municipalities").json()
    assert len(data) == 98
    assert {"code": 101, "name": "København", "region": data[0]["region"]} in data or any(
        m["code"] == 101 for m in data
    )


def test_token_created_from_a_session_is_shown_once(login, administrator):
    client = login(administrator)
    response = client.post("/api/tokens", {"name": "Rapportering"}, content_type="application/json")
    assert response.status_code == 201
    secret = response.json()["secret"]
    assert secret.startswith("hto_")
    listed = client.get("/api/tokens").json()
    assert listed[0]["name"] == "Rapportering" and "secret" not in listed[0]


def test_a_token_cannot_mint_tokens(client, caseworker):
    _token, secret = api_token_create(user=caseworker, name="X")
    response = client.post(
        "/api/tokens", {"name": "Y"}, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 403
    assert ApiToken.objects.count() == 1


def test_revoking_another_users_token_is_404(login, caseworker, parent):
    token, _secret = api_token_create(user=caseworker, name="X")
    client = login(parent)
    assert client.delete(f"/api/tokens/{token.pk}").status_code == 404
    assert login(caseworker).delete(f"/api/tokens/{token.pk}").status_code == 204
    assert ApiToken.objects.usable().count() == 0


def test_invalid_and_malformed_bodies_get_json_errors(login, caseworker):
    client = login(caseworker)
    response = client.post("/api/tokens", {"name": ""}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]
    response = client.post("/api/tokens", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_session_posts_need_the_csrf_token(caseworker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    response = client.post("/api/tokens", {"name": "X"}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert ApiToken.objects.count() == 0


def test_danish_error_messages_by_default_english_on_request(client):
    assert "Log ind" in client.get("/api/me").json()["detail"]
    english = client.get("/api/me", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert english.startswith("Sign in")


def test_token_page_creates_and_revokes(login, staff):
    client = login(staff)
    response = client.post("/konto/api-noegler/", {"name": "Integration"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret in response.text
    # Shown once: the next visit does not contain it.
    again = get_page(client, "/konto/api-noegler/", queries=4, name="the API keys")
    assert secret not in again.text
    token = ApiToken.objects.get()
    client.post(f"/konto/api-noegler/{token.pk}/tilbagekald/")
    assert ApiToken.objects.usable().count() == 0


def test_token_page_keeps_bad_input_and_explains(login, staff):
    response = login(staff).post(
        "/konto/api-noegler/", {"name": "Integration", "expires_in_days": "9999"}
    )
    assert response.status_code == 400
    assert 'value="Integration"' in response.text
    assert response.context["form"].errors["expires_in_days"]
    assert ApiToken.objects.count() == 0


def test_unknown_api_paths_answer_in_json(client):
    response = client.get("/api/findes-ikke")
    assert response.status_code == 404
    assert response.json()["detail"] == "Findes ikke."


def test_api_root_points_to_the_schema(client):
    assert client.get("/api/").json()["openapi"] == "/api/openapi.json"


def test_openapi_lists_every_registered_routers_operations(client):
    """Each app registers its router in ready(); the document shows all their operations."""
    paths = client.get("/api/openapi.json").json()["paths"]
    routers = registered_routers()
    assert {tag for entry in routers for tag in entry.router.tags or []} >= {
        "referrals",
        "volunteer families",
        "friendships",
        "follow-up tasks",
        "matching",
    }
    for entry in routers:
        for path, view in entry.router.path_operations.items():
            full = re.sub("/+", "/", f"/api/{entry.prefix}/{path}")
            for operation in view.operations:
                for method in operation.methods:
                    assert method.lower() in paths.get(full, {}), f"{method} {full}"


def test_every_apps_api_router_is_registered():
    """An app's ``api.router`` that nobody registered would be missing from /api/ unseen."""
    registered = [entry.router for entry in registered_routers()]
    for config in apps.get_app_configs():
        if not config.name.startswith("hjemtilos."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError:
            continue
        router = getattr(module, "router", None)
        if isinstance(router, Router):
            assert any(r is router for r in registered), config.name


def test_a_key_expires_after_90_days_by_default_and_its_owner_is_warned(login, staff):
    client = login(staff)
    secret = client.post("/konto/api-noegler/", {"name": "Integration"}).context["secret"]
    token = ApiToken.objects.get()
    assert token.expires_at.date() == (timezone.now() + timedelta(days=90)).date()
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    # Each key's last use is shown on the page.
    token.refresh_from_db()
    assert token.last_used_at is not None
    page = client.get("/konto/api-noegler/").text
    assert timezone.localtime(token.last_used_at).strftime("%H:%M") in page

    with time_machine.travel(timezone.now() + timedelta(days=80)):
        assert api_token_expiry_warnings_send() == 1
        assert api_token_expiry_warnings_send() == 0  # warned once
        warning = Message.objects.get(to_user=staff, channel="email")
        assert "Integration" in warning.body
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_a_key_lives_a_year_at_most(login, staff):
    with pytest.raises(ValidationError):
        api_token_create(user=staff, name="For evigt", expires_in_days=366)
    assert ApiToken.objects.count() == 0
