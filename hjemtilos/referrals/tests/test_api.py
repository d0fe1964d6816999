"""Referrals through the JSON API: the same rules and messages as the pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hjemtilos.api.services import api_token_create
from hjemtilos.conftest import years_ago
from hjemtilos.demo.builders import build_referral, build_referrals_bulk
from hjemtilos.followups.models import FollowUpTask
from hjemtilos.referrals.models import Referral, ReferralStatus

S = ReferralStatus


def payload(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "submit": True,
        "first_name": "Liva",
        "last_name": "Nørgaard",
        "date_of_birth": years_ago(8).isoformat(),
        "school": "Sankt Annæ Skole",
        "school_postal_code": "1416",
        "need_tags": ["anxiety"],
        "needs": "Bliver let overvældet.",
        "street_address": "Amagerbrogade 100",
        "postal_code": "2300",
        "guardians": [
            {"first_name": "Yasmin", "last_name": "Nørgaard", "phone": "22 34 56 78"},
        ],
        "wish_family_children": "same_age",
        "legal_basis": "s30",
        "consent": True,
        "sharing_consent": True,
    }
    data.update(overrides)
    return data


def api(client, method: str, path: str, body: Any = None, **extra: Any):
    call = getattr(client, method)
    if body is None:
        return call(f"/api{path}", **extra)
    return call(f"/api{path}", body, content_type="application/json", **extra)


@pytest.fixture
def caseworker_api(client, caseworker):
    """The caseworker's case system, calling with a personal API key."""
    _token, secret = api_token_create(user=caseworker, name="Fagsystem")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def test_caseworker_refers_a_child_and_lists_it(caseworker_api, site):
    response = api(caseworker_api, "post", "/referrals", payload())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted" and body["site"]["name"] == site.name
    assert body["child"]["first_name"] == "Liva"
    referral = Referral.objects.get()
    assert referral.child.family.guardians.get().phone == "+4522345678"
    listing = api(caseworker_api, "get", "/referrals").json()
    assert [r["id"] for r in listing] == [referral.pk]


def test_validation_names_the_fields_with_the_page_forms_wording(caseworker_api, site):
    response = api(
        caseworker_api,
        "post",
        "/referrals",
        payload(legal_basis=None, postal_code="0000", guardians=[{"first_name": "Yasmin"}]),
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert fields["postal_code"] == ["0000 er ikke et dansk postnummer. Tjek nummeret."]
    assert "Barnets Lov §30 eller §32" in fields["legal_basis"][0]
    assert "guardian1_phone" in fields
    assert not Referral.objects.exists()


def test_a_draft_is_submitted_later_and_refused_while_incomplete(caseworker_api, site):
    draft = api(caseworker_api, "post", "/referrals", payload(submit=False, consent=False)).json()
    assert draft["status"] == "draft"
    refused = api(caseworker_api, "post", f"/referrals/{draft['id']}/submit")
    assert refused.status_code == 422
    assert "samtykke" in refused.json()["detail"] or "consent" in refused.json()["detail"]
    Referral.objects.filter(pk=draft["id"]).update(consent_recorded_at=timezone.now())
    submitted = api(caseworker_api, "post", f"/referrals/{draft['id']}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"


def test_caseworker_withdraws_but_cannot_receive(caseworker_api, site, caseworker):
    referral = build_referral(site=site, caseworker=caseworker, status=S.SUBMITTED)
    path = f"/referrals/{referral.pk}/transitions"
    assert api(caseworker_api, "post", path, {"to_status": "received"}).status_code == 403
    without_reason = api(caseworker_api, "post", path, {"to_status": "withdrawn"})
    assert without_reason.status_code == 422
    done = api(caseworker_api, "post", path, {"to_status": "withdrawn", "reason": "Flyttet"})
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"


def test_another_municipalitys_caseworker_gets_404(client, other_caseworker, referral):
    _token, secret = api_token_create(user=other_caseworker, name="Aarhus")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert api(client, "get", f"/referrals/{referral.pk}", **headers).status_code == 404
    response = api(
        client,
        "post",
        f"/referrals/{referral.pk}/transitions",
        {"to_status": "withdrawn", "reason": "x"},
        **headers,
    )
    assert response.status_code == 404
    assert api(client, "get", "/referrals", **headers).json() == []


@pytest.mark.parametrize("role", ["volunteer", "parent", "evaluator", "administrator"])
def test_other_roles_are_refused(client, people, role, referral):
    _token, secret = api_token_create(user=people[role], name="x")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert api(client, "get", "/referrals", **headers).status_code == 403
    assert api(client, "get", f"/referrals/{referral.pk}", **headers).status_code == 404
    assert api(client, "post", "/referrals", payload(), **headers).status_code == 403
    assert api(client, "get", "/intake", **headers).status_code == 403


def test_staff_run_intake_through_the_api(login, staff, site, caseworker):
    referral = build_referral(site=site, caseworker=caseworker, status=S.SUBMITTED)
    client = login(staff)
    queue = api(client, "get", "/intake").json()
    assert [item["referral"]["id"] for item in queue] == [referral.pk]
    assert queue[0]["waiting_days"] >= 0

    moved = api(client, "post", f"/referrals/{referral.pk}/transitions", {"to_status": "received"})
    assert moved.status_code == 200 and moved.json()["status"] == "received"
    assert FollowUpTask.objects.filter(referral=referral).count() == 2

    # The home visit has its own operations.
    shortcut = api(
        client,
        "post",
        f"/referrals/{referral.pk}/transitions",
        {"to_status": "home_visit_planned"},
    )
    assert shortcut.status_code == 422
    yesterday = (timezone.localtime() - timedelta(days=1)).isoformat()
    past = api(
        client, "post", f"/referrals/{referral.pk}/home-visit/plan", {"planned_for": yesterday}
    )
    assert past.status_code == 422
    assert past.json()["fields"]["planned_for"] == ["Vælg en dato fra i dag og frem."]
    when = (timezone.localtime() + timedelta(hours=2)).isoformat()
    planned = api(
        client, "post", f"/referrals/{referral.pk}/home-visit/plan", {"planned_for": when}
    )
    assert planned.json()["status"] == "home_visit_planned"
    held = api(
        client,
        "post",
        f"/referrals/{referral.pk}/home-visit",
        {"held_on": timezone.localdate().isoformat(), "attendees": "Mor og barnet"},
    )
    assert held.status_code == 200 and held.json()["status"] == "home_visit_held"
    ready = api(
        client, "post", f"/referrals/{referral.pk}/transitions", {"to_status": "ready_for_matching"}
    )
    assert ready.json()["status"] == "ready_for_matching"
    refused = api(client, "post", f"/referrals/{referral.pk}/transitions", {"to_status": "matched"})
    assert refused.status_code == 403


def test_staff_register_a_phone_referral_for_a_caseworker(login, staff, caseworker, site):
    response = api(login(staff), "post", "/referrals", payload(caseworker_id=caseworker.pk))
    assert response.status_code == 201
    assert Referral.objects.get().caseworker == caseworker


def test_notes_through_the_api(caseworker_api, referral):
    response = api(caseworker_api, "post", f"/referrals/{referral.pk}/notes", {"text": "Hej"})
    assert response.status_code == 201 and response.json()["text"] == "Hej"
    empty = api(caseworker_api, "post", f"/referrals/{referral.pk}/notes", {"text": " "})
    assert empty.status_code == 422


def test_the_operations_are_in_the_openapi_schema(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/referrals",
        "/api/referrals/{referral_id}",
        "/api/referrals/{referral_id}/submit",
        "/api/referrals/{referral_id}/transitions",
        "/api/referrals/{referral_id}/notes",
        "/api/referrals/{referral_id}/home-visit/plan",
        "/api/referrals/{referral_id}/home-visit",
        "/api/intake",
    } <= set(paths)


def test_referral_lists_come_in_pages_linked_to_the_next(login, staff, site, caseworker):
    build_referrals_bulk(site=site, caseworker=caseworker, count=7)
    client = login(staff)
    for url in ("/api/referrals", "/api/intake"):
        first = client.get(url, {"limit": 3})
        link = first.headers["Link"]
        assert len(first.json()) == 3 and link.endswith('rel="next"')
        second = client.get(link.split(">")[0].removeprefix("<"))
        third = client.get(second.headers["Link"].split(">")[0].removeprefix("<"))
        assert "Link" not in third.headers
        ids = [
            row["id"] if "id" in row else row["referral"]["id"]
            for page in (first, second, third)
            for row in page.json()
        ]
        assert len(ids) == len(set(ids)) == 7
        # Without ``limit`` a page holds 50: all seven here.
        assert len(client.get(url).json()) == 7
