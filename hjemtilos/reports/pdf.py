"""A report as a PDF ready to send to a municipality or a funder (WeasyPrint).

The page is a Django template (``reports/report_pdf.html``) with the same
tables and SVG charts as the web page, laid out on A4. A report's PDF embeds
nothing from outside: the fetcher refuses every address.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class NothingFetcher(URLFetcher):
    """A report has no images or style sheets to fetch; any address is refused."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        raise ValueError(f"Refused to fetch {url!r}: a report PDF embeds nothing")


def report_html(context: dict[str, Any]) -> str:
    return render_to_string("reports/report_pdf.html", context)


def report_pdf(context: dict[str, Any]) -> bytes:
    """The report page of ``context`` (see ``views.report_context``) as PDF bytes."""
    pdf: bytes = HTML(string=report_html(context), url_fetcher=NothingFetcher()).write_pdf()
    return pdf
