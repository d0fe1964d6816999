"""The page where a user creates and revokes their own API keys."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.accounts.policies import can_manage_api_tokens
from hjemtilos.api import selectors, services
from hjemtilos.api.forms import ApiTokenForm
from hjemtilos.core.access import page_rule
from hjemtilos.core.forms import form_submit
from hjemtilos.core.http import AuthenticatedHttpRequest


@page_rule(can_manage_api_tokens)
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    secret = None
    done = form_submit(
        request,
        form,
        lambda: services.api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            expires_in_days=form.cleaned_data["expires_in_days"],
        ),
    )
    if done:
        _token, secret = done.value
        form = ApiTokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": selectors.active_tokens(request.user),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not can_manage_api_tokens(request.user):
        raise PermissionDenied
    if services.api_token_revoke(user=request.user, token_id=pk):
        messages.success(request, _("The API key was revoked."))
    else:
        messages.error(request, _("The API key was not found."))
    return redirect("api_keys:list")
