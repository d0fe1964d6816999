"""The body most posting views share: a form, its service, then a message and a redirect.

A view fetches its object (fetch or refuse), checks what its policy asks and
binds its form; ``form_action`` does the rest the same way everywhere: the
service runs on valid data (``core.forms.form_submit``, whose refusal lands
next to the form's fields), on success the user is told and sent on, and
otherwise the page is drawn again with everything typed (status 400 there).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from hjemtilos.core.forms import form_submit, service_action


def form_action(
    request: HttpRequest,
    form: BaseForm,
    service: Callable[[], object],
    *,
    success: str | Promise,
    then: Callable[[], HttpResponse],
    again: Callable[[], HttpResponse],
) -> HttpResponse:
    """Run ``service`` for the posted ``form``: on success say ``success`` and answer ``then()``
    (a redirect); otherwise ``again()``, the page with the form and its errors."""
    if form_submit(request, form, service):
        messages.success(request, str(success))
        return then()
    return again()


def invite_action(
    request: HttpRequest, invite: Callable[[], object], *, name: str, invited_before: bool
) -> bool:
    """Invite a person to the portal, or send their invitation again: the button's action on a
    parent's or a household member's row, with the message saying which it was."""
    return service_action(
        request,
        invite,
        success=(
            _("A new invitation was sent to %(name)s.")
            if invited_before
            else _("An invitation was sent to %(name)s.")
        )
        % {"name": name},
    )
