"""The status report: the status note's figures, for any day, on the page, in files and the API."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from hjemtilos.organisations.models import SiteTarget
from hjemtilos.reports.selectors.status import status_figures
from hjemtilos.reports.tests.conftest import NOTE_DAY, build_cohort, waiting_child

URL = "/rapporter/status/"
NOTE_QUERY = {"as_of": NOTE_DAY.isoformat(), "start": "2024-01-01", "end": NOTE_DAY.isoformat()}

# The status note's table as the page shows it to staff (figures and shares of the 53).
NOTE_ROWS = {
    "Children enrolled": ["53", "–"],
    "Waiting for a match": ["11", "11 of 53 (21 %)"],
    "Friendship running": ["21", "21 of 53 (40 %)"],
    "Completed (the year is over)": ["17", "17 of 53 (32 %)"],
    "Ended early": ["4", "4 of 53 (8 %)"],
    "Continuing privately after the year": ["15", "15 of 17 (88 %)"],
}


def table_rows(html_table) -> dict[str, list[str]]:
    return {row["label"]: [c["display"] for c in row["cells"]] for row in html_table["rows"]}


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # a byte order mark, for spreadsheets
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_status_note_figures_on_the_page_in_the_files_and_in_the_api(
    site, staff, evaluator, login, status_note_population
):
    SiteTarget.objects.create(site=site, year=2024, friendships_started=20)
    client = login(staff)
    client.cookies["django_language"] = "en"

    page = client.get(URL, NOTE_QUERY, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    status = page.context["report"].tables[0]
    shown = {row.label: [cell.display for cell in row.cells] for row in status.rows}
    assert {label: shown[label] for label in NOTE_ROWS} == NOTE_ROWS
    html = page.content.decode()
    for label, (count, share) in NOTE_ROWS.items():
        assert f'<th scope="row">{label}</th>' in html
        assert f">{count}</td>" in html and (share == "–" or f">{share}</td>" in html)
    assert "<svg" in html and 'role="img"' in html  # the chart beside the table
    started = {
        row.label: [c.display for c in row.cells] for row in page.context["report"].tables[1].rows
    }
    assert started["2024"] == ["21", "20", "21 of 20 (105 %)"]
    assert started["2025"] == ["21", "–", "–"]
    waits = {
        row.key: row.cells for row in page.context["report"].tables[2].rows
    }  # both cohorts were matched in the period; the eleven still wait
    assert (waits["matched"][0].value, waits["matched"][1].n) == (42, 42)
    assert waits["waiting"][0].value == 11
    assert 75 <= waits["waiting"][1].value <= 95  # referred in early April: ~3 months

    # The downloads hide the four early endings (fewer than 5), and nothing else.
    rows = csv_rows(client.get(f"{URL}csv/", NOTE_QUERY).content)
    by_label = {row[0]: row[1:] for row in rows if row}
    assert by_label["Children enrolled"][0] == "53"
    assert by_label["Waiting for a match"] == ["11", "11", "53", "21"]
    assert by_label["Friendship running"] == ["21", "21", "53", "40"]
    assert by_label["Completed (the year is over)"] == ["17", "17", "53", "32"]
    assert by_label["Ended early"] == ["< 5", "< 5", "53", ""]
    assert by_label["Continuing privately after the year"] == ["15", "15", "17", "88"]

    xlsx = client.get(f"{URL}xlsx/", NOTE_QUERY)
    assert xlsx["Content-Disposition"] == 'attachment; filename="status-2025-06-30.xlsx"'
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book[book.sheetnames[1]]
    cells = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert cells["Children enrolled"][0] == 53
    assert cells["Friendship running"][:4] == (21, 21, 53, 40)
    assert cells["Completed (the year is over)"][:4] == (17, 17, 53, 32)
    assert cells["Ended early"][:4] == ("< 5", "< 5", 53, None)
    assert cells["Waiting for a match"][:4] == (11, 11, 53, 21)
    assert cells["Continuing privately after the year"][:4] == (15, 15, 17, 88)

    api = client.get("/api/reports/status", NOTE_QUERY, HTTP_ACCEPT_LANGUAGE="en").json()
    figures = {row["key"]: row["cells"] for row in api["tables"][0]["rows"]}
    assert [figures[k][0]["value"] for k in ("enrolled", "waiting", "running", "completed")] == [
        53,
        11,
        21,
        17,
    ]
    assert figures["ended_early"][0]["value"] == 4
    continuing = figures["continuing"][1]
    assert (continuing["part"], continuing["n"], continuing["percent"]) == (15, 17, 88.2)
    assert continuing["display"] == "15 of 17 (88 %)"
    assert api["suppressed"] is False and api["filters"]["as_of"] == "2025-06-30"

    # Evaluators read the same report with the small number hidden.
    hidden = login(evaluator).get("/api/reports/status", NOTE_QUERY).json()
    early = {row["key"]: row["cells"] for row in hidden["tables"][0]["rows"]}["ended_early"]
    assert early[0] == {
        "column": "children",
        "value": None,
        "display": "< 5",
        "suppressed": True,
        "part": None,
        "n": None,
        "percent": None,
    }
    assert hidden["suppressed"] is True

    pdf = client.get(f"{URL}pdf/", NOTE_QUERY)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")

    # Any day: on 1 March 2025 the second cohort (referred in January) was still waiting,
    # the eleven (referred in April) not yet enrolled, the first cohort's year just over.
    before = status_figures(site_ids=(site.pk,), as_of=date(2025, 3, 1)).total
    assert (before.running, before.completed, before.ended_early) == (0, 17, 4)
    assert before.waiting == 21  # the second cohort, referred in January, waiting
    assert before.enrolled == 42
    # Matched on 29 January 2024, the first meeting held on 5 February: all 21 running.
    on_day_one = status_figures(site_ids=(site.pk,), as_of=date(2024, 2, 5)).total
    assert (on_day_one.running, on_day_one.before_first_meeting) == (21, 0)
    week_before = status_figures(site_ids=(site.pk,), as_of=date(2024, 2, 4)).total
    assert (week_before.running, week_before.before_first_meeting) == (21, 21)


@pytest.fixture
def two_sites(site, other_site, staff, other_staff, caseworker, other_caseworker):
    """København: two friendships from February 2024 and one child waiting since March;
    Aarhus: six children waiting since April."""
    build_cohort(site=site, staff=staff, caseworker=caseworker, size=2, matched=date(2024, 1, 29))
    waiting_child(site, caseworker, staff, referred=date(2024, 3, 4))
    for number in range(6):
        waiting_child(
            other_site,
            other_caseworker,
            other_staff,
            referred=date(2024, 4, 1) + timedelta(days=number),
        )


def _status_table(response) -> dict[str, list[str]]:
    return {
        row.key: [c.display for c in row.cells] for row in response.context["report"].tables[0].rows
    }


def test_sites_and_the_status_day_can_be_chosen(
    login, staff, evaluator, site, other_site, two_sites
):
    query = {"as_of": "2024-06-30", "start": "2024-01-01", "end": "2024-12-31"}
    reader = login(evaluator)
    everywhere = reader.get(URL, query, HTTP_ACCEPT_LANGUAGE="en")
    status = _status_table(everywhere)
    assert status["enrolled"] == ["9", "–"]
    assert status["waiting"] == ["7", "7 of 9 (78 %)"]
    assert status["running"] == ["< 5", "< 5 of 9"]  # two children: hidden from evaluators
    per_site = {
        row.label: [c.display for c in row.cells]
        for row in everywhere.context["report"].tables[1].rows
    }
    assert per_site["Hjem til Os Aarhus"][:3] == ["6", "6", "0"]
    assert per_site["Hjem til Os København"][:3] == ["< 5", "< 5", "< 5"]
    assert per_site["Total"][0] == "9"

    aarhus = reader.get(URL, {**query, "site": other_site.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert _status_table(aarhus)["enrolled"] == ["6", "–"]
    # The choice stays ticked on the page that shows it (Aarhus is first by name).
    assert f'value="{other_site.pk}" id="id_site_0" checked>' in aarhus.text
    assert f'value="{site.pk}" id="id_site_1">' in aarhus.text
    assert [t.table.key for t in aarhus.context["report"].tables][:2] == ["status", "started"]

    # Staff read their own site, every figure shown; another site cannot be chosen.
    client = login(staff)
    own = _status_table(client.get(URL, query, HTTP_ACCEPT_LANGUAGE="en"))
    assert own["enrolled"] == ["3", "–"] and own["running"] == ["2", "2 of 3 (67 %)"]
    assert client.get(URL, {**query, "site": other_site.pk}).status_code == 400
    # On 1 March: both friendships running, the waiting child not yet referred.
    early = _status_table(
        client.get(URL, {**query, "as_of": "2024-03-01"}, HTTP_ACCEPT_LANGUAGE="en")
    )
    assert (early["enrolled"][0], early["running"][0], early["waiting"][0]) == ("2", "2", "0")
    # A status day in the future is refused with a message, nothing lost.
    future = client.get(URL, {**query, "as_of": "2999-01-01"})
    assert future.status_code == 400 and "2999-01-01" in future.text
