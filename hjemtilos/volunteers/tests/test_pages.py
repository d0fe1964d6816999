"""Staff pages for volunteer families."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.demo.builders import build_volunteer_family
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_task_complete, follow_up_task_create
from hjemtilos.volunteers.models import (
    Certificate,
    FamilyEvent,
    FamilyInterview,
    VolunteerFamilyStatus,
)
from hjemtilos.volunteers.tests.conftest import complete_vetting


def test_staff_see_their_sites_families_only(
    login, staff, volunteer_family, other_volunteer_family
):
    response = get_page(
        login(staff), reverse("volunteers:list"), queries=7, name="staff's list of families"
    )
    assert "Familien Jensen" in response.text
    assert "Familien Holm" not in response.text


@pytest.mark.parametrize(
    "role", ["advisory", "caseworker", "volunteer", "parent", "evaluator", "administrator"]
)
def test_no_one_else_sees_volunteer_families(login, people, role, volunteer_family):
    client = login(people[role])
    assert client.get(reverse("volunteers:list")).status_code == 403
    assert client.get(reverse("volunteers:detail", args=[volunteer_family.pk])).status_code == 403


def test_other_site_staff_get_404(login, other_staff, volunteer_family):
    response = login(other_staff).get(reverse("volunteers:detail", args=[volunteer_family.pk]))
    assert response.status_code == 404


def test_family_page_lists_household_and_approval_and_is_audited(login, staff, volunteer_family):
    url = reverse("volunteers:detail", args=[volunteer_family.pk])
    response = get_page(login(staff), url, queries=22, name="the family page")
    assert "Lars Jensen" in response.text and "Mette Jensen" in response.text
    assert "Sofie Test" in response.text  # who approved
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(volunteer_family.pk), actor=staff
    ).exists()


def test_family_page_lists_the_familys_tasks_open_first(
    login, staff, volunteer_family, other_volunteer_family
):
    today = timezone.localdate()
    done = follow_up_task_create(
        site=volunteer_family.site,
        kind=FollowUpKind.OTHER,
        title="Ring efter samtalen",
        due_on=today - timedelta(days=3),
        owner=staff,
        by=staff,
        volunteer_family=volunteer_family,
    )
    follow_up_task_complete(task=done, by=staff, outcome="Talt med Lars")
    follow_up_task_create(
        site=volunteer_family.site,
        kind=FollowUpKind.OTHER,
        title="Hent børneattester",
        due_on=today + timedelta(days=7),
        owner=staff,
        by=staff,
        volunteer_family=volunteer_family,
    )
    follow_up_task_create(
        site=other_volunteer_family.site,
        kind=FollowUpKind.OTHER,
        title="En anden families opgave",
        due_on=today,
        owner=staff,
        by=staff,
        volunteer_family=other_volunteer_family,
    )
    text = login(staff).get(reverse("volunteers:detail", args=[volunteer_family.pk])).text
    assert text.index("Hent børneattester") < text.index("Ring efter samtalen")
    assert "Talt med Lars" in text and "En anden families opgave" not in text


def test_list_queries_do_not_grow_with_families(login, staff, site):
    def add(count: int) -> None:
        for i in range(count):
            build_volunteer_family(site=site, name=f"Familien {i:02d}")

    add(1)
    _few, response = get_page_before_and_after(
        login(staff), reverse("volunteers:list"), queries=7, name="the list", change=lambda: add(60)
    )
    assert response.context["page"].paginator.count == 61


# Vetting pages ------------------------------------------------------------------


def test_staff_plan_and_record_the_interview_on_the_pages(login, staff, site):
    family = build_volunteer_family(
        site=site, status=VolunteerFamilyStatus.APPLIED, name="Familien Kro"
    )
    client = login(staff)
    day = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("volunteers:plan_interview", args=[family.pk]),
        {"day": day.isoformat(), "time": "17:00"},
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.status == VolunteerFamilyStatus.INTERVIEW_PLANNED
    url = reverse("volunteers:record_interview", args=[family.pk])
    page = get_page(client, url, queries=10, name="the interview form")
    assert day.isoformat() in page.text  # the planned day is suggested
    bad = client.post(reverse("volunteers:record_interview", args=[family.pk]), {"held_on": ""})
    assert bad.status_code == 400 and "Skriv dagen for samtalen som dd.mm.åååå." in bad.text
    response = client.post(
        reverse("volunteers:record_interview", args=[family.pk]),
        {
            "held_on": day.isoformat(),
            "attendees": "Lars, Mette og Oskar (9)",
            "whole_family_supports": "yes",
            "support_notes": "Oskar glæder sig til en legekammerat.",
            "motivation": "De har tid og lyst.",
            "capacity": "ample",
            "max_children": "1",
            "expectations": "En eftermiddag om ugen.",
            "assessment": "Rolig og varm familie.",
        },
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.status == VolunteerFamilyStatus.INTERVIEWED and family.capacity == "ample"
    assert family.assessment == "Rolig og varm familie."
    interview = FamilyInterview.objects.get(family=family)
    assert interview.whole_family_supports and interview.support_notes.startswith("Oskar")
    detail_url = reverse("volunteers:detail", args=[family.pk])
    detail = get_page(client, detail_url, queries=20, name="the interviewed family")
    assert "Rolig og varm familie." in detail.text and "Lars, Mette og Oskar" in detail.text


def test_staff_record_certificates_and_decide_on_remarks_on_the_member_page(
    login, staff, vetting_family
):
    client = login(staff)
    jens = vetting_family.members.get(first_name="Jens")
    url = reverse("volunteers:member", args=[vetting_family.pk, jens.pk])
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "action": "certificate",
            "kind": "criminal_record",
            "criminal_record-kind": "criminal_record",
            "criminal_record-requested_on": (today - timedelta(days=9)).isoformat(),
            "criminal_record-received_on": today.isoformat(),
            "criminal_record-result": "remarks",
        },
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(member=jens)
    page = get_page(client, url, queries=19, name="a member with remarks")
    assert "Registrér afgørelsen" in page.text
    refused = client.post(
        url,
        {"action": "decision", "certificate": certificate.pk, "decision": "accepted", "reason": ""},
    )
    assert refused.status_code == 400 and "Skriv begrundelse." in refused.text
    client.post(
        url,
        {
            "action": "decision",
            "certificate": certificate.pk,
            "decision": "accepted",
            "reason": "Gammel bøde uden betydning.",
        },
    )
    certificate.refresh_from_db()
    assert certificate.remarks_decision == "accepted" and certificate.decided_by == staff


def test_the_approval_screen_lists_what_is_missing_per_member_and_refuses(
    login, staff, vetting_family
):
    client = login(staff)
    url = reverse("volunteers:approve", args=[vetting_family.pk])
    page = get_page(client, url, queries=18, name="the approval screen")
    assert "Karen Lund" in page.text and "Ida Lund" in page.text
    assert "Karen har ikke gennemført onlinekurset." in page.text
    response = client.post(url, {"reason": "Klar"})
    assert response.status_code == 400
    assert "Familien kan ikke godkendes endnu" in response.text
    vetting_family.refresh_from_db()
    assert vetting_family.status == VolunteerFamilyStatus.VETTING

    complete_vetting(vetting_family, by=staff)
    response = client.post(url, {"reason": "Alle krav er opfyldt, god samtale."})
    assert response.status_code == 302
    vetting_family.refresh_from_db()
    assert vetting_family.status == VolunteerFamilyStatus.APPROVED
    event = FamilyEvent.objects.filter(family=vetting_family).last()
    assert event is not None
    assert event.by == staff and event.reason == "Alle krav er opfyldt, god samtale."


def test_status_changes_need_a_reason_where_the_workflow_says_so(login, staff, vetting_family):
    client = login(staff)
    url = reverse("volunteers:change_status", args=[vetting_family.pk])
    response = client.post(url, {"to_status": "withdrawn", "reason": ""})
    assert response.status_code == 400 and "Angiv en begrundelse" in response.text
    response = client.post(url, {"to_status": "withdrawn", "reason": "Flytter til udlandet."})
    assert response.status_code == 302
    vetting_family.refresh_from_db()
    assert vetting_family.status == VolunteerFamilyStatus.WITHDRAWN


def test_matched_cannot_be_set_by_hand(login, staff, site):
    family = build_volunteer_family(site=site, name="Familien Bo")
    response = login(staff).post(
        reverse("volunteers:change_status", args=[family.pk]), {"to_status": "matched"}
    )
    assert response.status_code == 403


def test_other_site_staff_cannot_change_a_family(login, other_staff, vetting_family):
    client = login(other_staff)
    for name in ("volunteers:approve", "volunteers:record_interview"):
        assert client.get(reverse(name, args=[vetting_family.pk])).status_code == 404
    response = client.post(
        reverse("volunteers:change_status", args=[vetting_family.pk]),
        {"to_status": "rejected", "reason": "x"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["caseworker", "parent", "evaluator", "advisory"])
def test_caseworkers_parents_and_evaluators_see_no_volunteer_data_at_all(
    login, people, role, vetting_family
):
    client = login(people[role])
    member = vetting_family.members.first()
    pages = [
        reverse("volunteers:list"),
        reverse("volunteers:detail", args=[vetting_family.pk]),
        reverse("volunteers:member", args=[vetting_family.pk, member.pk]),
        reverse("volunteers:approve", args=[vetting_family.pk]),
        reverse("volunteers:record_interview", args=[vetting_family.pk]),
        reverse("volunteers:portal"),
        "/api/volunteers/families",
        f"/api/volunteers/families/{vetting_family.pk}",
        "/api/volunteers/families/mine",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (403, 404), (url, response.status_code)
        assert "Lund" not in response.content.decode()


def test_the_staff_list_and_vetting_pages_run_a_fixed_number_of_queries(login, staff, site):
    client = login(staff)
    family = build_volunteer_family(site=site, name="Familien A")
    # (url, queries, name, status): an approved family's approval page sends staff back.
    pages = [
        (reverse("volunteers:list"), 7, "the list", 200),
        (reverse("volunteers:list") + "?status=approved", 7, "the approved families", 200),
        (reverse("volunteers:detail", args=[family.pk]), 21, "the family page", 200),
        (reverse("volunteers:approve", args=[family.pk]), 9, "approving an approved one", 302),
        (reverse("volunteers:policies"), 5, "the policy versions", 200),
    ]
    for url, queries, name, status in pages:
        get_page(client, url, queries=queries, name=f"{name}, 1 family", status=status)
    for i in range(30):
        build_volunteer_family(site=site, name=f"Familien {i:02d}")
    for url, queries, name, status in pages:
        get_page(client, url, queries=queries, name=f"{name}, 31 families", status=status)


def test_publishing_a_policy_version_from_the_page(login, administrator, policy_versions):
    client = login(administrator)
    home = get_page(client, "/", queries=5, name="the administrator's home")
    assert reverse("volunteers:policies") in home.text  # in the menu
    page = get_page(
        client,
        reverse("volunteers:policies") + "?dokument=code_of_conduct",
        queries=5,
        name="the code of conduct's versions",
    )
    assert "Samværspolitik" in page.text
    response = client.post(
        reverse("volunteers:policies"),
        {"kind": "code_of_conduct", "label": "2. version, marts 2026", "text": "Ny tekst."},
    )
    assert response.status_code == 302
    page = get_page(client, reverse("volunteers:policies"), queries=5, name="the versions, one new")
    assert "2. version, marts 2026" in page.text
