"""Staff pages for volunteer families."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjemtilos.demo.builders import build_volunteer_family


def test_staff_see_their_sites_families_only(
    login, staff, volunteer_family, other_volunteer_family
):
    response = login(staff).get(reverse("volunteers:list"))
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
    response = login(staff).get(reverse("volunteers:detail", args=[volunteer_family.pk]))
    assert response.status_code == 200
    assert "Lars Jensen" in response.text and "Mette Jensen" in response.text
    assert "Sofie Test" in response.text  # who approved
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(volunteer_family.pk), actor=staff
    ).exists()


def test_list_queries_do_not_grow_with_families(login, staff, site):
    client = login(staff)
    build_volunteer_family(site=site, name="Familien A")
    client.get(reverse("volunteers:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("volunteers:list"))
    for i in range(60):
        build_volunteer_family(site=site, name=f"Familien {i:02d}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("volunteers:list"))
    assert len(many) == len(few)
    assert response.context["page"].paginator.count == 61
