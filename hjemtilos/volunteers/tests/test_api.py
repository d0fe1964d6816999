"""The volunteers API follows the same policies as the pages."""

from __future__ import annotations

import json

from hjemtilos.core.testing import get_page_before_and_after
from hjemtilos.demo.builders import build_volunteer_family
from hjemtilos.volunteers.models import VolunteerFamilyStatus
from hjemtilos.volunteers.tests.conftest import complete_vetting

BASE = "/api/volunteers/families"


def test_staff_list_their_sites_families_in_fixed_queries(
    login, staff, site, other_volunteer_family
):
    def add_families() -> None:
        for i in range(20):
            build_volunteer_family(site=site, name=f"Familien {i:02d}")

    client = login(staff)
    build_volunteer_family(site=site, name="Familien A")
    _few, response = get_page_before_and_after(
        client, BASE, queries=6, name="the API's list of families", change=add_families
    )
    rows = response.json()
    assert len(rows) == 21 and "Familien Holm" not in {r["name"] for r in rows}
    assert {r["status"] for r in client.get(BASE + "?status=approved").json()} == {"approved"}


def test_the_detail_lists_members_and_what_is_missing(login, staff, vetting_family):
    data = login(staff).get(f"{BASE}/{vetting_family.pk}").json()
    assert data["status"] == "vetting" and not data["vetting_complete"]
    assert {m["first_name"] for m in data["members"]} == {"Karen", "Jens", "Ida"}
    karen = next(m for m in data["members"] if m["first_name"] == "Karen")
    assert {g["requirement"] for g in data["gaps"] if g["member_id"] == karen["id"]} == {
        "certificate:child_protection",
        "certificate:criminal_record",
        "online_course",
        "policy:code_of_conduct",
        "policy:ethical_rules",
    }


def test_approval_through_the_api_is_refused_while_anything_is_missing(
    login, staff, vetting_family
):
    client = login(staff)
    url = f"{BASE}/{vetting_family.pk}/transition"
    body = json.dumps({"to_status": "approved", "reason": "Klar"})
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 422
    assert "Karen" in refused.json()["detail"]
    complete_vetting(vetting_family, by=staff)
    approved = client.post(url, body, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["gaps"] == []


def test_matched_cannot_be_set_and_other_sites_are_unknown(
    login, staff, other_staff, vetting_family
):
    url = f"{BASE}/{vetting_family.pk}/transition"
    body = json.dumps({"to_status": "matched"})
    assert login(staff).post(url, body, content_type="application/json").status_code == 403
    other = login(other_staff)
    assert other.get(f"{BASE}/{vetting_family.pk}").status_code == 404
    body = json.dumps({"to_status": "rejected", "reason": "x"})
    assert other.post(url, body, content_type="application/json").status_code == 404
    vetting_family.refresh_from_db()
    assert vetting_family.status == VolunteerFamilyStatus.VETTING


def test_a_caseworker_gets_no_family_data_from_the_api(login, caseworker, vetting_family):
    client = login(caseworker)
    for url in (BASE, f"{BASE}/{vetting_family.pk}", f"{BASE}/mine"):
        response = client.get(url)
        assert response.status_code == 403 and "Lund" not in response.content.decode()
