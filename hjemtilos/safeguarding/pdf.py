"""The notification to the municipality (*underretning*) as a PDF (WeasyPrint).

The page is a Django template rendered to HTML in Danish (an official letter
to a Danish authority) and laid out on A4, as the friendship books are. It
embeds nothing from outside (no images, no URLs are fetched): WeasyPrint's
URL fetcher refuses every address.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from hjemtilos.safeguarding.models import Notification
from hjemtilos.safeguarding.services.concerns import involvement_text


class NoFetcher(URLFetcher):
    """The notification links to nothing: every fetch is refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=set(), allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        raise ValueError(f"Refused to fetch {url!r}: a notification embeds nothing")


def notification_context(notification: Notification) -> dict[str, Any]:
    friendship = notification.concern.friendship
    child = friendship.child
    if notification.is_draft:
        # A draft shows the steps as they stand; sending fixes them in the notification.
        involvement, parents_informed = involvement_text(notification.concern)
    else:
        involvement, parents_informed = notification.involvement, notification.parents_informed
    return {
        "involvement": involvement,
        "parents_informed": parents_informed,
        "is_draft": notification.is_draft,
        "notification": notification,
        "concern": notification.concern,
        "child": child,
        "family": child.family,
        "guardians": list(child.family.guardians.all()),
        "friendship": friendship,
        "sender": notification.sent_by or notification.written_by,
        "dated": timezone.localdate(notification.queued_at or timezone.now()),
    }


def notification_html(notification: Notification) -> str:
    with translation.override("da"):
        return render_to_string(
            "safeguarding/notification_pdf.html", notification_context(notification)
        )


def notification_pdf(notification: Notification) -> bytes:
    """The notification as PDF bytes, in Danish."""
    pdf: bytes = HTML(string=notification_html(notification), url_fetcher=NoFetcher()).write_pdf()
    return pdf
