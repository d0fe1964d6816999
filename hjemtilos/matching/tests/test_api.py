"""Matching in the JSON API: the same rules as the pages."""

from __future__ import annotations

import json

from hjemtilos.matching.models import MatchProposal, ProposalStatus


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_staff_get_the_ranked_explained_candidates(login, staff, make_child, make_family):
    child = make_child()
    family = make_family(name="Familien Dahl")
    make_family(postal="3000")
    response = login(staff).get(f"/api/matching/children/{child.pk}/candidates")
    assert response.status_code == 200
    body = response.json()
    assert body["allowed"] == 1 and body["pool"] == 2
    (candidate,) = body["candidates"]
    assert candidate["family_id"] == family.pk and candidate["family_name"] == "Familien Dahl"
    assert {f["factor"] for f in candidate["factors"]} >= {"travel", "waiting"}
    assert body["pair_exclusions"] == [
        {"reason": "travel", "label": body["pair_exclusions"][0]["label"], "count": 1}
    ]


def test_a_proposal_and_both_answers_through_the_api(login, staff, make_child, make_family):
    client = login(staff)
    child, family = make_child(), make_family()
    created = post(
        client, "/api/matching/proposals", {"referral_id": child.pk, "family_id": family.pk}
    )
    assert created.status_code == 201
    proposal_id = created.json()["id"]
    again = post(
        client, "/api/matching/proposals", {"referral_id": child.pk, "family_id": family.pk}
    )
    assert again.status_code == 422 and again.json()["detail"]
    no_reason = post(
        client,
        f"/api/matching/proposals/{proposal_id}/answers",
        {"side": "parent", "accepted": False},
    )
    assert no_reason.status_code == 422
    for side in ("parent", "family"):
        answered = post(
            client,
            f"/api/matching/proposals/{proposal_id}/answers",
            {"side": side, "accepted": True},
        )
        assert answered.status_code == 200
    assert answered.json()["status"] == ProposalStatus.ACCEPTED
    assert client.get(f"/api/matching/proposals/{proposal_id}").json()["accepted_at"]


def test_caseworkers_are_refused_and_other_sites_are_not_found(
    login, caseworker, other_staff, make_child, make_family, staff
):
    child, family = make_child(), make_family()
    refused = login(caseworker).get(f"/api/matching/children/{child.pk}/candidates")
    assert refused.status_code == 403 and refused.json()["detail"]
    other = login(other_staff)
    assert other.get(f"/api/matching/children/{child.pk}/candidates").status_code == 404
    response = post(
        other, "/api/matching/proposals", {"referral_id": child.pk, "family_id": family.pk}
    )
    assert response.status_code == 404
    assert not MatchProposal.objects.exists()


def test_the_site_wide_suggestion_through_the_api(
    login, staff, site, make_child, make_family, django_capture_on_commit_callbacks
):
    make_child()
    make_family()
    client = login(staff)
    assert client.get(f"/api/matching/sites/{site.pk}/suggestion").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"/api/matching/sites/{site.pk}/suggestion")
    # Accepted: a task worker computes it (here at once, on the commit).
    assert asked.status_code == 202 and asked.json()["status"] == "queued"
    body = client.get(f"/api/matching/sites/{site.pk}/suggestion").json()
    assert body["optimal_pairs"] == 1 and body["optimal_total"] >= body["greedy_total"]
