"""Friendship books: written by staff, a photo of the child only with consent, photos checked
and served only through the policy, and real PDFs with the text in them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from hjemtilos.core.testing import get_page
from hjemtilos.matching import pdf, services
from hjemtilos.matching.models import BookKind, BookPhoto, Side


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def accepted(make_child, make_family, staff):
    proposal = services.match_proposal_create(
        referral=make_child(first_name="Sofus", interests="LEGO og fodbold"),
        family=make_family(name="Familien Kirk", activities="Vi går i skoven"),
        by=staff,
    )
    for side in Side.values:
        proposal = services.match_proposal_answer(
            proposal=proposal, side=side, accepted=True, by=staff
        )
    return proposal


def book(proposal, kind):
    return proposal.books.get(kind=kind)


def photo_upload(name="hus.jpg", *, size=(800, 600), gps=False, kind="JPEG") -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {2: (55.0, 40.0, 12.0), 1: "N"}  # GPSInfo: where the home is
        exif[0x010F] = "Kamera A/S"
    image.save(out, format=kind, exif=exif.tobytes() if gps else b"")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def pdf_texts(content_book) -> list[str]:
    """The words WeasyPrint laid out on the PDF's pages (the books are printed in Danish)."""
    with translation.override("da"):
        document = HTML(string=pdf.book_html(content_book)).render()

    def walk(box):
        if isinstance(box, boxes.TextBox):
            yield box.text
        for child in getattr(box, "children", []):
            yield from walk(child)

    return [text for page in document.pages for text in walk(page._page_box)]


def test_both_books_become_real_pdfs_with_their_text(accepted, staff):
    child_book = book(accepted, BookKind.CHILD)
    services.book_update(
        book=child_book,
        by=staff,
        data={"about": "Jeg er 8 år og går i 2. klasse.", "likes": "LEGO, fodbold og min kat"},
    )
    family_book = book(accepted, BookKind.FAMILY)
    services.book_update(
        book=family_book,
        by=staff,
        data={
            "about": "Vi er Lars og Mette.",
            "likes": "Skovture",
            "home": "Et gult hus",
            "pets": "Kaninen Frida",
        },
    )
    for page, expected in (
        (child_book, ["Hej, jeg hedder Sofus", "Jeg er 8 år og går i 2. klasse."]),
        (family_book, ["Det er os: Familien Kirk", "Kaninen Frida", "Et gult hus"]),
    ):
        content = services.book_pdf_make(book=page)
        assert content.startswith(b"%PDF-")
        assert pdf.book_page_count(page) == 1
        texts = " ".join(pdf_texts(page))
        for words in expected:
            assert words in texts
        page.refresh_from_db()
        assert page.pdf_made_at is not None


def test_a_photo_of_the_child_needs_the_parent_s_consent(accepted, staff, media):
    child_book = book(accepted, BookKind.CHILD)
    with pytest.raises(ValidationError):
        services.book_photo_add(book=child_book, by=staff, upload=photo_upload())
    services.book_photo_consent(book=child_book, by=staff, consent=True)
    child_book.refresh_from_db()
    assert child_book.photo_consent_at is not None and child_book.photo_consent_by == staff
    photo = services.book_photo_add(book=child_book, by=staff, upload=photo_upload())
    assert (media / photo.image.name).exists()
    assert 'src="photo:' in pdf.book_html(child_book)
    # Consent withdrawn: the photo and its file are gone, the book prints without it.
    with transaction.atomic():
        services.book_photo_consent(book=child_book, by=staff, consent=False)
    assert not BookPhoto.objects.exists()
    assert 'src="photo:' not in pdf.book_html(child_book)


def test_photos_lose_their_location_data_and_only_pictures_are_accepted(accepted, staff):
    family_book = book(accepted, BookKind.FAMILY)
    photo = services.book_photo_add(
        book=family_book,
        by=staff,
        upload=photo_upload(gps=True, size=(4000, 3000)),
        caption="Haven",
    )
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 2000
        assert not image.getexif()
    stored_name = str(photo.image.name)
    assert stored_name.startswith("matching/books/") and "hus" not in stored_name
    for upload in (
        SimpleUploadedFile("brev.pdf", b"%PDF-1.4 not a photo", content_type="image/jpeg"),
        SimpleUploadedFile("tom.jpg", b"", content_type="image/jpeg"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.book_photo_add(book=family_book, by=staff, upload=upload)
        assert "image" in refused.value.message_dict
    assert BookPhoto.objects.count() == 1


def test_a_too_large_photo_is_refused(accepted, staff, settings):
    settings.MATCHING_PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        services.book_photo_add(
            book=book(accepted, BookKind.FAMILY), by=staff, upload=photo_upload()
        )
    assert "image" in refused.value.message_dict


def test_photos_are_served_only_to_the_site_s_staff(accepted, staff, login, people):
    photo = services.book_photo_add(
        book=book(accepted, BookKind.FAMILY), by=staff, upload=photo_upload()
    )
    url = reverse("matching:photo", args=[photo.pk])
    response = get_page(login(staff), url, queries=5, name="a family photo")
    assert response["Content-Type"] == "image/jpeg"
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    assert response.getvalue()[:3] == b"\xff\xd8\xff"
    for role in ("other_staff", "caseworker", "volunteer", "parent", "advisory"):
        assert login(people[role]).get(url).status_code == 404, role
    assert Client().get(url).status_code == 302  # to the login page
    # No URL serves the media folder itself.
    assert Client().get(f"/media/{photo.image.name}").status_code in (302, 404)
    assert login(staff).get(f"/media/{photo.image.name}").status_code == 404


def test_the_pdf_download_and_the_book_page_for_staff(accepted, staff, login):
    client = login(staff)
    url = reverse("matching:book", args=[accepted.pk, BookKind.CHILD])
    get_page(client, url, queries=9, name="the child's book form")
    response = client.post(url, {"about": "Jeg hedder Sofus", "likes": "LEGO"})
    assert response.status_code == 302
    pdf_url = reverse("matching:book_pdf", args=[accepted.pk, BookKind.CHILD])
    download = get_page(client, pdf_url, queries=10, name="the child's book as a PDF")
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")
    assert 'filename="venskabsbog-sofus.pdf"' in download["Content-Disposition"]
