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


def test_a_site_number_no_site_can_have_is_refused_not_a_server_error(login, staff, site):
    client = login(staff)
    for number in (2**63, 10**30, -(2**70)):
        response = client.get("/api/reports/status", {"site": [site.pk, number]})
        assert response.status_code == 422
        assert "site" in response.json()["fields"]
    page = client.get("/rapporter/status/", {"site": 10**30})
    assert page.status_code == 400 and "Ret venligst fejlene" in page.content.decode()


def test_the_report_schema_is_in_openapi(client):
    schema = client.get("/api/openapi.json").json()
    slug = schema["paths"]["/api/reports/{slug}"]["get"]["parameters"][0]
    assert slug["schema"]["enum"] == ["drift", "rekruttering", "status", "udbytte"]
    cell = schema["components"]["schemas"]["CellOut"]["properties"]
    assert {"n", "percent", "suppressed", "display"} <= set(cell)
