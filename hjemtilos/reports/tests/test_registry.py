"""The reports registry: how another app (surveys) adds a report beside the others."""

from __future__ import annotations

import pytest

from hjemtilos.reports import registry
from hjemtilos.reports.tables import Column, Report, Row, Table


def _one_table(filters: registry.ReportFilters) -> Report:
    return Report(
        tables=[
            Table(
                key="sites",
                title="Sites chosen",
                label_heading="Site",
                columns=[Column("n", "Children")],
                rows=[Row(name, [7], key=str(pk)) for pk, name in filters.sites],
            )
        ]
    )


def test_a_registered_report_gets_a_page_downloads_and_the_api(
    monkeypatch, login, staff, evaluator
):
    entry = registry.ReportEntry(
        slug="proeve", title="Prøverapport", description="Én tabel", build=_one_table, order=5
    )
    monkeypatch.setitem(registry._REPORTS, entry.key, entry)
    client = login(staff)
    assert "/rapporter/proeve/" in client.get("/rapporter/").text
    page = client.get("/rapporter/proeve/")
    assert page.status_code == 200 and "Hjem til Os København" in page.text
    assert client.get("/rapporter/proeve/xlsx/").status_code == 200
    assert client.get("/rapporter/proeve/pdf/").status_code == 404  # no PDF asked for
    api = client.get("/api/reports/proeve").json()
    assert api["tables"][0]["rows"][0]["cells"][0]["value"] == 7
    # Only for the roles it allows.
    narrow = registry.ReportEntry(
        slug="kun-personale",
        title="Kun personale",
        description="",
        build=_one_table,
        allowed=lambda user: user.role == "staff",
    )
    monkeypatch.setitem(registry._REPORTS, narrow.key, narrow)
    assert login(evaluator).get("/rapporter/kun-personale/").status_code == 403
    assert client.get("/rapporter/findes-ikke/").status_code == 404


def test_a_report_with_a_page_of_its_own_is_a_link_on_the_index(monkeypatch, login, staff):
    entry = registry.ReportEntry(
        url_name="reports:index", title="Egen side", description="Med sin egen side"
    )
    monkeypatch.setitem(registry._REPORTS, entry.key, entry)
    client = login(staff)
    assert "Egen side" in client.get("/rapporter/").text
    assert "Egen side" not in str(client.get("/api/reports/").json())
    with pytest.raises(ValueError):
        registry.ReportEntry(title="Hverken eller", description="")
