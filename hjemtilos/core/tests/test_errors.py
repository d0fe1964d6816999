"""Our own error pages: what happened and where to go, in Danish and English, in the layout."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from hjemtilos.core.errors import server_error


def test_a_refused_page_says_why_and_links_home_in_danish(login, caseworker):
    client = login(caseworker)
    response = client.get(reverse("referrals:intake"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Du har ikke adgang til denne side" in text
    assert 'href="/"' in text
    # Inside the layout: the signed-in person's menu is there.
    assert 'aria-label="Hovedmenu"' in text
    assert "Forbidden" not in text


def test_a_refused_page_in_english(login, caseworker):
    client = login(caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("referrals:intake"))
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_an_unknown_address_gets_our_404_page(login, staff):
    response = login(staff).get("/venskaber/999999/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Vi kan ikke finde denne side" in text
    assert "Gå til din forside" in text


def test_an_unknown_api_address_answers_json(login, staff):
    response = login(staff).get("/api/findes-ikke")
    assert response.status_code == 404
    assert response.json() == {"detail": "Findes ikke."}


def test_an_expired_form_is_explained(db, staff):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": staff.email})
    assert response.status_code == 403
    assert "Formularen kunne ikke sendes" in response.content.decode()


def test_the_500_page_needs_neither_the_database_nor_the_request():
    # No database access is allowed in this test (no db fixture): the page is drawn without it.
    request = RequestFactory().get("/venskaber/")
    try:
        raise ZeroDivisionError
    except ZeroDivisionError:
        response = server_error(request)
    assert response.status_code == 500
    text = response.content.decode()
    assert "Der gik noget galt hos os" in text
    assert 'href="/"' in text
    assert "<main" in text


def test_a_lost_database_still_answers_503_not_500():
    request = RequestFactory().get("/venskaber/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_500_page_is_in_the_visitors_language(language):
    request = RequestFactory().get("/")
    with translation.override(language):
        try:
            raise ValueError
        except ValueError:
            body = server_error(request).content.decode()
    expected = {"da": "Der gik noget galt hos os", "en": "Something went wrong on our side"}
    assert expected[language] in body
    assert f'lang="{language}"' in body
