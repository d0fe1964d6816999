"""The reports in the JSON API: listed, refused input answered with 422, described in OpenAPI."""

from __future__ import annotations


def test_the_api_lists_the_reports_and_refuses_a_bad_period(login, staff, other_site):
    client = login(staff)
    listed = {report["slug"]: report for report in client.get("/api/reports/").json()}
    assert listed["status"]["formats"] == ["csv", "xlsx", "pdf"] and listed["status"]["as_of"]
    assert {"drift", "rekruttering"} <= set(listed)
    bad = client.get("/api/reports/status", {"start": "2024-05-01", "end": "2024-01-01"})
    assert bad.status_code == 422
    assert client.get("/api/reports/status", {"site": other_site.pk}).status_code == 422
    assert client.get("/api/reports/status", {"start": "ikke en dag"}).status_code == 422
    assert client.get("/api/reports/findes-ikke").status_code == 404


def test_the_report_schema_is_in_openapi(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/reports/{slug}" in schema["paths"]
    cell = schema["components"]["schemas"]["CellOut"]["properties"]
    assert {"n", "percent", "suppressed", "display"} <= set(cell)
