"""The respondent's pages behind the personal link: no login, the signed token decides.

The first page asks whether the person wants to take part (recorded) and offers
"no thank you" as one click; then the questions, on one phone-sized page that
keeps what was typed when something is missing; then thanks. The pages speak
the language the person chose, else the one their message was written in.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hjemtilos.core.forms import error_text, form_submit
from hjemtilos.surveys.forms import SurveyAnswerForm
from hjemtilos.surveys.links import RefusedLinkError, invitation_for_token
from hjemtilos.surveys.models import InvitationStatus, SurveyInvitation
from hjemtilos.surveys.selectors import version_questions
from hjemtilos.surveys.services import (
    invitation_consent,
    invitation_decline,
    invitation_undo_decline,
    response_submit,
)


def _language(request: HttpRequest, invitation: SurveyInvitation) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    languages = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in languages else invitation.language or settings.LANGUAGE_CODE


def _refused(request: HttpRequest, refusal: RefusedLinkError) -> HttpResponse:
    return render(
        request,
        "surveys/link_refused.html",
        {"expired": refusal.expired},
        status=410 if refusal.expired else 404,
    )


def _is_closed(invitation: SurveyInvitation) -> bool:
    return invitation.status == InvitationStatus.EXPIRED or (
        invitation.is_open and invitation.expires_at <= timezone.now()
    )


def _standing(
    request: HttpRequest, invitation: SurveyInvitation, context: dict[str, object]
) -> HttpResponse | None:
    """The page for an invitation that cannot be answered now (or not yet), else None."""
    if invitation.status == InvitationStatus.ANSWERED:
        return render(request, "surveys/answer_thanks.html", context)
    if invitation.status == InvitationStatus.DECLINED:
        return render(request, "surveys/answer_declined.html", context)
    if _is_closed(invitation):
        return _refused(request, RefusedLinkError(expired=True))
    if invitation.consented_at is None:
        return render(request, "surveys/answer_consent.html", context)
    return None


@login_not_required
@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The link's page: consent, the questions, or where the invitation stands."""
    try:
        invitation = invitation_for_token(token)
    except RefusedLinkError as refusal:
        return _refused(request, refusal)
    with translation.override(_language(request, invitation)):
        context = {"invitation": invitation, "version": invitation.version, "token": token}
        standing = _standing(request, invitation, context)
        if standing is not None:
            return standing
        form = SurveyAnswerForm(
            request.POST if request.method == "POST" else None,
            questions=version_questions(invitation.version),
        )
        if form_submit(
            request, form, lambda: response_submit(invitation=invitation, answers=form.answers())
        ):
            return redirect("surveys:answer", token)
        return render(
            request,
            "surveys/answer_form.html",
            {**context, "form": form},
            status=400 if form.errors else 200,
        )


def _choice(
    request: HttpRequest, token: str, action: Callable[[SurveyInvitation], object]
) -> HttpResponse:
    """One button of the link's pages: do it, or say why not; back to the link's page."""
    try:
        invitation = invitation_for_token(token)
    except RefusedLinkError as refusal:
        return _refused(request, refusal)
    with translation.override(_language(request, invitation)):
        try:
            action(invitation)
        except ValidationError as error:
            messages.error(request, error_text(error))
    return redirect("surveys:answer", token)


@login_not_required
@require_POST
def consent(request: HttpRequest, token: str) -> HttpResponse:
    """Yes, I will take part: recorded, then the questions."""
    return _choice(request, token, lambda invitation: invitation_consent(invitation=invitation))


@login_not_required
@require_POST
def decline(request: HttpRequest, token: str) -> HttpResponse:
    """No thank you: one click, and no more reminders."""
    return _choice(request, token, lambda invitation: invitation_decline(invitation=invitation))


@login_not_required
@require_POST
def undo_decline(request: HttpRequest, token: str) -> HttpResponse:
    return _choice(
        request, token, lambda invitation: invitation_undo_decline(invitation=invitation)
    )
