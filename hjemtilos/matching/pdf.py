"""The friendship books as printable PDFs (WeasyPrint).

The page is a Django template rendered to HTML; WeasyPrint lays it out on
A4. Photos are read from storage through a URL fetcher that knows only
``photo:<id>`` addresses, so making a PDF never touches the network.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from hjemtilos.matching.models import BookKind, BookPhoto, FriendshipBook


class PhotoFetcher(URLFetcher):
    """Serves ``photo:<id>`` from storage and refuses every other address."""

    def __init__(self, photos: dict[int, BookPhoto]) -> None:
        super().__init__(allowed_protocols={"photo"}, allow_redirects=False)
        self.photos = photos

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        key = url.removeprefix("photo:")
        photo = self.photos.get(int(key)) if url.startswith("photo:") and key.isdigit() else None
        if photo is None:
            raise ValueError(f"Refused to fetch {url!r}: a friendship book embeds only its photos")
        with photo.image.open("rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": photo.content_type})


def _document(book: FriendshipBook, html: str) -> HTML:
    photos = {photo.pk: photo for photo in book.photos.all()}
    return HTML(string=html, url_fetcher=PhotoFetcher(photos))


def book_context(book: FriendshipBook) -> dict[str, Any]:
    proposal = book.proposal
    child = proposal.child
    photos = list(book.photos.all())
    if book.kind == BookKind.CHILD and book.photo_consent_at is None:
        photos = []  # without the parent's consent no photo of the child is printed
    return {
        "book": book,
        "proposal": proposal,
        "child": child,
        "child_age": child.age(),
        "family": proposal.family,
        "photos": photos,
        "is_child": book.kind == BookKind.CHILD,
    }


def book_html(book: FriendshipBook) -> str:
    return render_to_string("matching/book_pdf.html", book_context(book))


def book_pdf(book: FriendshipBook, *, language: str = "da") -> bytes:
    """The book page as PDF bytes, in ``language`` (the books go to the families: Danish)."""
    with translation.override(language):
        html = book_html(book)
    pdf: bytes = _document(book, html).write_pdf()
    return pdf


def book_page_count(book: FriendshipBook, *, language: str = "da") -> int:
    """How many pages the PDF has (WeasyPrint's layout, without writing it)."""
    with translation.override(language):
        html = book_html(book)
    return len(_document(book, html).render().pages)
