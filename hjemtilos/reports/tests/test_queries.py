"""Every report page, download and API answer runs the same number of SQL statements however
many children, friendships and families there are."""

from __future__ import annotations

from datetime import date

import pytest

from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.demo.builders import build_volunteer_family
from hjemtilos.reports.tests.conftest import build_cohort, end_early, waiting_child

# A period around the friendships built below.
PERIOD = {"start": "2024-01-01", "end": "2024-12-31", "as_of": "2024-06-30"}


@pytest.fixture
def more_of_everything(site, staff, caseworker):
    """Adds children waiting and in friendships (one ended early) and volunteer families."""

    def change() -> None:
        cohort = build_cohort(
            site=site, staff=staff, caseworker=caseworker, size=2, matched=date(2024, 1, 29)
        )
        end_early(cohort.friendships[0], staff, day=date(2024, 4, 1), reason="moved")
        waiting_child(site, caseworker, staff, referred=date(2024, 3, 4))
        for number in range(3):
            build_volunteer_family(site=site, name=f"Familien Flere{number}", by=staff)

    return change


# (report, the page's statements for staff): three for the session, the user and the second
# factor, two for the reader's sites (memberships, the filter form's choices), then the
# report's own selector (status 5, operations 6, recruitment 1).
PAGES = [("status", 10), ("drift", 11), ("rekruttering", 6)]


@pytest.mark.parametrize(("slug", "queries"), PAGES)
def test_a_report_page_costs_the_same_with_more_data(
    login, staff, more_of_everything, slug, queries
):
    before, after = get_page_before_and_after(
        login(staff),
        f"/rapporter/{slug}/",
        data=PERIOD if slug == "status" else {k: PERIOD[k] for k in ("start", "end")},
        queries=queries,
        name=f"the {slug} report",
        change=more_of_everything,
    )
    assert before.context["report"] and after.context["report"]


def test_downloads_and_the_api_cost_the_same_with_more_data(login, staff, more_of_everything):
    client = login(staff)
    get_page_before_and_after(
        client,
        "/rapporter/status/csv/",
        data=PERIOD,
        queries=10,
        name="the status report as CSV",
        change=more_of_everything,
    )
    get_page(client, "/rapporter/drift/xlsx/", data=PERIOD, queries=11, name="operations XLSX")
    get_page(client, "/api/reports/status", data=PERIOD, queries=10, name="the status report API")
    get_page(client, "/api/reports/", queries=3, name="the list of reports in the API")
    get_page(client, "/rapporter/", queries=3, name="the list of reports")
