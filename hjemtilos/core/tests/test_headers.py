"""Security headers on pages and API answers with a child's record, under the production profile.

The production profile (``hjemtilos.settings.production``) is loaded as it
would be in a deployment (its environment variables set) and its security
settings and middleware replace the test profile's, so what is asserted here
is what a browser behind the real deployment receives (ASVS 8.2.1, 14.4).
"""

from __future__ import annotations

import re
import runpy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from hjemtilos.api.services import api_token_create
from hjemtilos.demo.builders import build_referral

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def production(monkeypatch) -> Iterator[dict[str, Any]]:
    """The production profile's security settings and middleware."""
    monkeypatch.setenv("SECRET_KEY", "x" * 20 + "-production-secret-key-with-enough-entropy-0123")
    monkeypatch.setenv("DATABASE_URL", "postgres://hjemtilos@127.0.0.1:5432/hjemtilos")
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    # The base settings are read again under that environment (and put back after).
    monkeypatch.delitem(sys.modules, "hjemtilos.settings.base")
    profile = runpy.run_module("hjemtilos.settings.production")
    chosen = {
        name: value
        for name, value in profile.items()
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "CONTENT_SECURITY"))
        or name in ("DEBUG", "MIDDLEWARE", "PERMISSIONS_POLICY", "X_FRAME_OPTIONS")
    }
    with override_settings(**chosen):
        yield chosen


@pytest.fixture
def child_referral(site, caseworker):
    return build_referral(site=site, caseworker=caseworker, first_name="Ingeborg")


def assert_security_headers(response) -> None:
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private", "no-cache"} <= cache
    csp = response["Content-Security-Policy"]
    directives = {
        name: value.strip()
        for name, _, value in (part.strip().partition(" ") for part in csp.split(";"))
        if name
    }
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_childs_page_carries_the_security_headers(production, login, staff, child_referral):
    client = login(staff)
    response = client.get(f"/henvisninger/{child_referral.pk}/", secure=True)
    assert response.status_code == 200
    assert "Ingeborg" in response.text  # a page with a child's record
    assert_security_headers(response)


def test_plain_http_is_sent_to_https(production, login, staff, child_referral):
    client = login(staff)
    response = client.get(f"/henvisninger/{child_referral.pk}/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_an_api_answer_with_a_childs_record_carries_them_too(
    production, client, caseworker, child_referral
):
    _token, secret = api_token_create(user=caseworker, name="Fagsystem")
    response = client.get(
        f"/api/referrals/{child_referral.pk}",
        secure=True,
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200
    assert response.json()["child"]["first_name"] == "Ingeborg"
    assert_security_headers(response)


def test_the_sign_in_page_is_not_cached_either(production, client):
    response = client.get("/konto/log-ind/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


# What keeps the strict policy workable: the templates carry no inline script,
# no inline style and no event-handler attribute, so the policy needs no
# 'unsafe-inline' and no nonce.
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "script"),
    (re.compile(r"<style\b", re.I), "style element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]
# Rendered to PDF by WeasyPrint, or written into the access export's ZIP for the person
# to open from their own disk: never served to a browser by us.
NOT_SERVED = {
    "privacy/templates/privacy/export_summary.html",
    "matching/templates/matching/book_pdf.html",
    "reports/templates/reports/report_pdf.html",
    "safeguarding/templates/safeguarding/notification_pdf.html",
}


def test_no_template_has_inline_script_or_style():
    found = []
    for template in sorted((ROOT / "hjemtilos").rglob("templates/**/*.html")):
        relative = template.relative_to(ROOT / "hjemtilos").as_posix()
        if relative in NOT_SERVED:
            continue
        text = template.read_text(encoding="utf-8")
        found += [f"{relative}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert not found, "inline code the Content-Security-Policy would block:\n" + "\n".join(found)
