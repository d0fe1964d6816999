"""On a phone, staff read the status report for a chosen day and download it as a PDF."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from hjemtilos.reports.tests.conftest import waiting_child

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_staff_read_the_status_report_on_a_phone_and_download_the_pdf(
    browser, live_server, browser_session, staff, caseworker, site
):
    for day in (2, 9):
        waiting_child(site, caseworker, staff, referred=date(2025, 6, day))
    context = browser.new_context(
        locale="da-DK", timezone_id="Europe/Copenhagen", viewport=PHONE, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    browser_session(page, staff)
    page.goto(page.base + "/rapporter/")
    page.get_by_role("link", name="Statusrapport").click()
    page.get_by_label("Status pr.").fill("2025-06-30")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**as_of=2025-06-30**")
    table = page.get_by_role("table", name="Børn den 30. juni 2025")
    assert table.get_by_role("row", name="Indskrevne børn").inner_text().split()[-2] == "2"
    expect(page.get_by_role("img", name="Børn den 30. juni 2025")).to_be_visible()  # the chart
    # Nothing wider than the phone: the tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == "status-2025-06-30.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")
    context.close()
