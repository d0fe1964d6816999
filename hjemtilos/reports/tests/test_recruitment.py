"""The recruitment funnel: per channel and site, for a period, staff and evaluators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.demo.builders import build_volunteer_family
from hjemtilos.reports.selectors import recruitment_funnel
from hjemtilos.volunteers.models import VolunteerFamilyStatus as S

URL = "/rapporter/rekruttering/"


@pytest.fixture
def cohort(site, other_site):
    """Applied 10–40 days ago: six families at København, one at Aarhus, one long ago."""
    now = timezone.now()
    plan = [
        (site, S.APPLIED, "aula"),
        (site, S.INTERVIEWED, "aula"),
        (site, S.APPROVED, "aula"),
        (site, S.MATCHED, "aula"),
        (site, S.REJECTED, "social_media"),  # rejected straight after applying
        (site, S.RESTING, "social_media"),  # was matched, now resting: counts as matched
        (other_site, S.VETTING, "newspaper"),
    ]
    for i, (where, status, channel) in enumerate(plan):
        build_volunteer_family(
            site=where,
            status=status,
            name=f"Familien {i}",
            recruitment_channel=channel,
            applied=now - timedelta(days=10 + i * 4),
        )
    build_volunteer_family(
        site=site, status=S.MATCHED, name="Familien Gammel", applied=now - timedelta(days=800)
    )


def test_the_funnel_counts_each_stage_reached_and_the_rates(site, other_site, cohort):
    today = timezone.localdate()
    funnel = recruitment_funnel(
        site_ids=[site.pk, other_site.pk], start=today - timedelta(days=60), end=today
    )
    aula = next(r for r in funnel.by_channel if r.key == "aula")
    assert (aula.applications, aula.interviewed, aula.approved, aula.matched) == (4, 3, 2, 1)
    assert aula.interviewed_rate == 75.0 and aula.approved_rate == 66.7
    assert aula.matched_rate == 50.0 and aula.overall_rate == 25.0
    social = next(r for r in funnel.by_channel if r.key == "social_media")
    assert (social.applications, social.matched) == (2, 1)
    by_site = {r.label: r for r in funnel.by_site}
    assert by_site["Hjem til Os København"].applications == 6
    assert by_site["Hjem til Os Aarhus"].interviewed == 1
    assert funnel.total.applications == 7  # the family from 800 days ago is outside the period
    empty = next(r for r in funnel.by_channel if r.key == "other")
    assert empty.applications == 0 and empty.overall_rate is None


def test_staff_see_their_own_sites_only(login, staff, cohort):
    response = get_page(login(staff), URL, queries=8, name="the funnel for staff")
    assert "Hjem til Os København" in response.text and "Hjem til Os Aarhus" not in response.text


def test_evaluators_see_every_site_as_aggregates_without_names(login, evaluator, cohort):
    response = get_page(login(evaluator), URL, queries=6, name="the funnel for evaluators")
    assert "Hjem til Os Aarhus" in response.text and "Hjem til Os København" in response.text
    assert "Familien" not in response.text and "Lars" not in response.text


def test_a_period_and_a_site_can_be_chosen_and_downloaded(login, staff, site, cohort):
    client = login(staff)
    today = timezone.localdate()
    start = (today - timedelta(days=20)).isoformat()
    period = {"start": start, "end": today.isoformat()}
    response = get_page(
        client, URL, data={**period, "site": site.pk}, queries=8, name="one site, 20 days"
    )
    funnel = response.context["funnel"]
    assert funnel.total.applications == 3  # applied 10, 14 and 18 days ago
    csv = get_page(client, URL, data={**period, "format": "csv"}, queries=7, name="the CSV")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Aula" in csv.content.decode()
    bad = get_page(
        client,
        URL,
        data={"start": today.isoformat(), "end": start},
        status=400,
        queries=5,
        name="a period that ends before it starts",
    )
    assert "Periodens slutning" in bad.text


def test_a_site_outside_the_users_reach_cannot_be_chosen(login, staff, other_site, cohort):
    response = login(staff).get(URL, {"site": other_site.pk})
    assert response.status_code == 400


@pytest.mark.parametrize("role", ["caseworker", "parent", "volunteer", "administrator"])
def test_other_roles_cannot_read_reports(login, people, role):
    client = login(people[role])
    assert client.get(reverse("reports:index")).status_code == 403
    assert client.get(URL).status_code == 403


def test_the_report_runs_a_fixed_number_of_queries(login, staff, site, cohort):
    def add_families() -> None:
        for i in range(25):
            build_volunteer_family(site=site, name=f"Familien X{i}", recruitment_channel="aula")

    _few, response = get_page_before_and_after(
        login(staff), URL, queries=8, name="the funnel", change=add_families
    )
    assert response.context["funnel"].total.applications == 31


def test_the_index_lists_the_funnel(login, evaluator):
    response = get_page(
        login(evaluator), reverse("reports:index"), queries=2, name="the list of reports"
    )
    assert URL in response.text
