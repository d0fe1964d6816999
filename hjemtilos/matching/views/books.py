"""The friendship books: edit a page, the photo consent, photos, the PDF; serving photos.

Photos are never at a public URL: ``photo`` checks the policy on every request
and answers with ``Cache-Control: private, no-store``.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.matching import selectors, services
from hjemtilos.matching.forms import BookForm, ConsentForm, PhotoForm
from hjemtilos.matching.models import BookKind, FriendshipBook, MatchProposal
from hjemtilos.matching.services.books import EDITABLE_STATUSES, MAX_PHOTOS
from hjemtilos.privacy.audit import audit_read


def _render(
    request: AuthenticatedHttpRequest,
    proposal: MatchProposal,
    book: FriendshipBook,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    initial = {name: getattr(book, name) for name in ("about", "likes", "home", "pets")}
    photos = list(book.photos.all())
    return render(
        request,
        "matching/book_edit.html",
        {
            "proposal": proposal,
            "book": book,
            "is_child": book.kind == BookKind.CHILD,
            "form": forms.get("form") or BookForm(initial=initial, kind=book.kind),
            "photo_form": forms.get("photo_form") or PhotoForm(),
            "consent_form": ConsentForm(initial={"consent": book.photo_consent_at is not None}),
            "photos": photos,
            "room_for_photos": len(photos) < MAX_PHOTOS[BookKind(book.kind)],
            "editable": proposal.status in EDITABLE_STATUSES,
        },
        status=status,
    )


def book_edit(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    proposal = selectors.proposal_for_matching_or_404(user=request.user, pk=pk)
    book = selectors.book_of_proposal_or_404(proposal=proposal, kind=kind)
    audit_read(request, book)
    if request.method != "POST":
        return _render(request, proposal, book)
    form = BookForm(request.POST, kind=book.kind)
    return form_action(
        request,
        form,
        lambda: services.book_update(book=book, by=request.user, data=form.cleaned_data),
        success=_("The page is saved."),
        then=lambda: redirect("matching:book", pk=proposal.pk, kind=book.kind),
        again=lambda: _render(request, proposal, book, status=400, form=form),
    )


@require_POST
def book_consent(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    proposal = selectors.proposal_for_matching_or_404(user=request.user, pk=pk)
    book = selectors.book_of_proposal_or_404(proposal=proposal, kind=kind)
    form = ConsentForm(request.POST)
    consent = form.is_valid() and form.cleaned_data["consent"]
    service_action(
        request,
        lambda: services.book_photo_consent(book=book, by=request.user, consent=consent),
        success=_("The parent's consent to a photo is recorded.")
        if consent
        else _("There is no consent to a photo; any photo of the child is deleted."),
    )
    return redirect("matching:book", pk=proposal.pk, kind=book.kind)


@require_POST
def photo_add(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    proposal = selectors.proposal_for_matching_or_404(user=request.user, pk=pk)
    book = selectors.book_of_proposal_or_404(proposal=proposal, kind=kind)
    form = PhotoForm(request.POST, request.FILES)
    return form_action(
        request,
        form,
        lambda: services.book_photo_add(
            book=book,
            by=request.user,
            upload=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        ),
        success=_("The photo is added."),
        then=lambda: redirect("matching:book", pk=proposal.pk, kind=book.kind),
        again=lambda: _render(request, proposal, book, status=400, photo_form=form),
    )


@require_POST
def photo_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    photo = selectors.photo_for_matching_or_404(user=request.user, pk=pk)
    book = photo.book
    service_action(
        request,
        lambda: services.book_photo_delete(photo=photo, by=request.user),
        success=_("The photo is deleted."),
    )
    return redirect("matching:book", pk=book.proposal_id, kind=book.kind)


def photo(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """One book photo, for the staff of the match's site only."""
    found = selectors.photo_for_matching_or_404(user=request.user, pk=pk)
    response = FileResponse(found.image.open("rb"), content_type=found.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


def book_pdf(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    """The page as a printable PDF (WeasyPrint)."""
    proposal = selectors.proposal_for_matching_or_404(user=request.user, pk=pk)
    book = selectors.book_of_proposal_or_404(proposal=proposal, kind=kind)
    audit_read(request, book)
    content = services.book_pdf_make(book=book)
    name = proposal.child.first_name if kind == BookKind.CHILD else proposal.family.name
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="venskabsbog-{slugify(name) or kind}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
