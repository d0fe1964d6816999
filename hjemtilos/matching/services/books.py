"""The friendship books (*venskabsbøger*): text, the parent's photo consent, photos, PDFs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.photos import clean_photo, delete_file_on_commit
from hjemtilos.matching.models import BookKind, BookPhoto, FriendshipBook, ProposalStatus
from hjemtilos.privacy.models import Consent, ConsentKind, ConsentMethod
from hjemtilos.privacy.services import consent_give, consents_withdraw_for_scope
from hjemtilos.referrals.services import family_key

BOOK_FIELDS = {
    BookKind.CHILD: ("about", "likes"),
    BookKind.FAMILY: ("about", "likes", "home", "pets"),
}
MAX_PHOTOS = {BookKind.CHILD: 1, BookKind.FAMILY: 4}
# The books are written once both sides said yes (and may be finished after the
# first meeting is scheduled); a declined or withdrawn match keeps them as they were.
EDITABLE_STATUSES = (ProposalStatus.ACCEPTED, ProposalStatus.FRIENDSHIP)


# What a page must say before it can go to the families (the rest is optional).
REQUIRED_TEXT = ("about", "likes")


def book_is_written(book: FriendshipBook) -> bool:
    """Staff have written the page: saved it at least once (the draft filled in from
    what is known at the match is not theirs) with who-we-are and what-we-like filled in."""
    return book.updated_by_id is not None and all(
        getattr(book, name).strip() for name in REQUIRED_TEXT
    )


def books_unwritten(books: Iterable[FriendshipBook]) -> list[BookKind]:
    """The pages of a match's books (``books``: its pages) not yet written; both are needed."""
    written = {book.kind for book in books if book_is_written(book)}
    return [kind for kind in BookKind if kind not in written]


def _check_editable(book: FriendshipBook) -> None:
    if book.proposal.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("The friendship books can be changed once both sides have said yes."),
            code="locked",
        )


@transaction.atomic
def book_update(*, book: FriendshipBook, by: User, data: Mapping[str, str]) -> FriendshipBook:
    """Save the page's text (the fields that belong to its side)."""
    _check_editable(book)
    names = BOOK_FIELDS[BookKind(book.kind)]
    for name in names:
        setattr(book, name, (data.get(name) or "").strip())
    book.updated_at = timezone.now()
    book.updated_by = by
    book.save(update_fields=[*names, "updated_at", "updated_by"])
    return book


@transaction.atomic
def book_photo_consent(*, book: FriendshipBook, by: User, consent: bool) -> FriendshipBook:
    """Record (or withdraw) the parent's consent to a photo of the child in the book.

    Withdrawing deletes the child's photo at once (SPEC 7: consent can be withdrawn), also
    once the books are locked. Staff record it from a call with the parent; the consent's
    record (``privacy.Consent``) keeps who, when, how and the wording.
    """
    if book.kind != BookKind.CHILD:
        raise ValidationError(_("Only the child's page needs the parent's consent."))
    scope = f"book-{book.pk}"
    if consent:
        _check_editable(book)
        if book.photo_consent_at is None:
            book.photo_consent_at = timezone.now()
            book.photo_consent_by = by
        child = book.proposal.referral.child
        consent_give(
            kind=ConsentKind.BOOK_PHOTO,
            site_id=book.proposal.site_id,
            person_key=family_key(child.family_id),
            person_name=_("The parents of %(name)s") % {"name": child.first_name},
            scope_key=scope,
            scope_label=_("The friendship book of %(name)s") % {"name": child.first_name},
            method=ConsentMethod.PHONE,
            by=by,
        )
    else:
        for photo in list(book.photos.all()):
            _delete_photo(photo)
        book.photo_consent_at = None
        book.photo_consent_by = None
        consents_withdraw_for_scope(
            kind=ConsentKind.BOOK_PHOTO, scope_key=scope, by=by, method=ConsentMethod.PHONE
        )
    book.save(update_fields=["photo_consent_at", "photo_consent_by"])
    return book


def book_photo_consent_withdrawn(consent: Consent, by: User | None) -> None:
    """The parents withdrew their consent on their page: the child's photo goes at once."""
    if by is None:
        return
    book = FriendshipBook.objects.select_related("proposal").get(
        pk=int(consent.scope_key.removeprefix("book-"))
    )
    book_photo_consent(book=book, by=by, consent=False)


def book_photo_add(
    *, book: FriendshipBook, by: User, upload: UploadedFile[bytes], caption: str = ""
) -> BookPhoto:
    """Check, clean and store a photo for the page (the child's only with consent)."""
    _check_editable(book)
    if book.kind == BookKind.CHILD and book.photo_consent_at is None:
        raise ValidationError(
            {"image": _("Record the parent's consent before adding a photo of the child.")},
            code="no_consent",
        )
    limit = MAX_PHOTOS[BookKind(book.kind)]
    if book.photos.count() >= limit:
        raise ValidationError(
            {
                "image": _("This page has room for %(count)s photo(s). Remove one first.")
                % {"count": limit}
            },
            code="full",
        )
    try:
        clean = clean_photo(upload, max_bytes=settings.MATCHING_PHOTO_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from None
    photo = BookPhoto(
        book=book,
        content_type=clean.content_type,
        width=clean.width,
        height=clean.height,
        caption=caption.strip()[:200],
        uploaded_by=by,
    )
    # The storage writes the file; the row follows in one transaction with it.
    photo.image.save(f"photo{clean.extension}", ContentFile(clean.content), save=False)
    try:
        with transaction.atomic():
            photo.save()
    except Exception:
        photo.image.delete(save=False)
        raise
    return photo


def _delete_photo(photo: BookPhoto) -> None:
    delete_file_on_commit(photo.image)
    photo.delete()


@transaction.atomic
def book_photo_delete(*, photo: BookPhoto, by: User) -> None:
    _check_editable(photo.book)
    _delete_photo(photo)


def book_pdf_make(*, book: FriendshipBook) -> bytes:
    """The page as a PDF; the time it was last made is kept."""
    # WeasyPrint (Pango) takes most of a second to import; only a PDF request pays for it.
    from hjemtilos.matching import pdf  # noqa: PLC0415 - keeps WeasyPrint out of every process start

    content = pdf.book_pdf(book)
    FriendshipBook.objects.filter(pk=book.pk).update(pdf_made_at=timezone.now())
    return content
