"""The recruitment funnel: per channel and site, for a period, staff and evaluators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hjemtilos.demo.builders import build_volunteer_family
from hjemtilos.reports.registry import ReportFilters
from hjemtilos.reports.selectors.recruitment import recruitment_report
from hjemtilos.reports.tables import Rate
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


def rows(table):
    return {row.key: row.values for row in table.rows}


def test_the_funnel_counts_each_stage_reached_and_the_rates(site, other_site, cohort):
    today = timezone.localdate()
    report = recruitment_report(
        ReportFilters(
            site_ids=(other_site.pk, site.pk),
            site_names=(other_site.name, site.name),
            start=today - timedelta(days=60),
            end=today,
            as_of=today,
        )
    )
    channels, sites = report.tables
    assert rows(channels)["aula"] == [4, Rate(3, 4), Rate(2, 3), Rate(1, 2), Rate(1, 4)]
    assert Rate(2, 3).percent == 66.7
    assert rows(channels)["social_media"][0] == 2 and rows(channels)["social_media"][4] == Rate(
        1, 2
    )
    assert rows(sites)[str(site.pk)][0] == 6
    assert rows(sites)[str(other_site.pk)][1] == Rate(1, 1)
    assert rows(channels)["total"][0] == 7  # the family from 800 days ago is outside the period
    assert rows(channels)["other"] == [0, Rate(0, 0), Rate(0, 0), Rate(0, 0), Rate(0, 0)]


def test_staff_see_their_own_sites_only(login, staff, cohort):
    response = login(staff).get(URL)
    assert response.status_code == 200
    assert "Hjem til Os København" in response.text and "Hjem til Os Aarhus" not in response.text


def test_evaluators_see_every_site_as_aggregates_without_names(login, evaluator, cohort):
    # A period around the cohort: early in January the default (this year) holds none of it.
    today = timezone.localdate()
    period = {"start": (today - timedelta(days=60)).isoformat(), "end": today.isoformat()}
    response = login(evaluator).get(URL, period)
    assert "Hjem til Os Aarhus" in response.text and "Hjem til Os København" in response.text
    assert "Familien" not in response.text and "Lars" not in response.text
    # One family applied at Aarhus: too few to show to an evaluator.
    sites = response.context["report"].tables[1]
    aarhus = next(row for row in sites.rows if row.label == "Hjem til Os Aarhus")
    assert aarhus.cells[0].display == "< 5" and aarhus.cells[0].suppressed


def test_a_period_and_a_site_can_be_chosen_and_downloaded(login, staff, site, other_site, cohort):
    staff.site_memberships.create(site=other_site)
    client = login(staff)
    today = timezone.localdate()
    start = (today - timedelta(days=20)).isoformat()
    period = {"start": start, "end": today.isoformat(), "site": site.pk}
    response = client.get(URL, period)
    total = response.context["report"].tables[0].totals[0]
    assert total.cells[0].display == "3"  # applied 10, 14 and 18 days ago
    csv = client.get(reverse("reports:download", args=["rekruttering", "csv"]), period)
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    text = csv.content.decode("utf-8-sig")
    assert "Aula" in text and "Hjem til Os Aarhus" not in text
    bad = client.get(URL, {"start": today.isoformat(), "end": start})
    assert bad.status_code == 400 and "Periodens slutning" in bad.text


def test_a_site_outside_the_users_reach_cannot_be_chosen(login, staff, other_site, cohort):
    response = login(staff).get(URL, {"site": other_site.pk})
    assert response.status_code == 400


@pytest.mark.parametrize("role", ["caseworker", "parent", "volunteer", "administrator", "advisory"])
def test_other_roles_cannot_read_reports(login, people, role):
    client = login(people[role])
    assert client.get(reverse("reports:index")).status_code == 403
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}csv/").status_code == 403
    assert client.get("/api/reports/rekruttering").status_code == 403


def test_the_index_lists_the_reports(login, evaluator):
    response = login(evaluator).get(reverse("reports:index"))
    for url in (URL, "/rapporter/status/", "/rapporter/drift/"):
        assert url in response.text
