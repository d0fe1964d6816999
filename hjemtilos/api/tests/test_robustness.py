"""Bad requests get a JSON 4xx with a message, never a 500."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from hjemtilos.api.services import api_token_create


@pytest.fixture
def staff_api(client, staff):
    _token, secret = api_token_create(user=staff, name="Fagsystem")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def test_an_over_size_json_body_is_413(staff_api):
    body = json.dumps({"name": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    response = staff_api.post("/api/referrals", body, content_type="application/json")
    assert response.status_code == 413
    assert "for stor" in response.json()["detail"]


def test_malformed_json_is_422_with_a_message(staff_api):
    response = staff_api.post("/api/referrals", "{not json", content_type="application/json")
    assert response.status_code == 422
    assert "JSON" in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/sites/{id}",
        "/api/referrals/{id}",
        "/api/volunteers/families/{id}",
        "/api/matching/proposals/{id}",
        "/api/matching/referrals/{id}/candidates",
    ],
)
@pytest.mark.parametrize("value", [2**63, 2**70, -(2**70)])
def test_ids_beyond_the_integer_range_are_404_or_422(staff_api, path, value):
    response = staff_api.get(path.format(id=value))
    assert response.status_code in (404, 422)
    assert response.json()["detail"]


def test_an_id_beyond_the_range_in_a_body_is_refused_not_a_crash(staff_api, site):
    payload = {"referral_id": 2**63, "family_id": 2**70}
    response = staff_api.post(
        "/api/matching/proposals", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code in (404, 422)
    assert response.json()["detail"]
