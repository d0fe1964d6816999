"""The signed-in person's own account: what it is, their password, their backup codes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.accounts import policies, selectors, services
from hjemtilos.accounts.decorators import recent_second_factor
from hjemtilos.accounts.forms import PasswordChangeForm
from hjemtilos.accounts.views.signin import NEW_BACKUP_CODES
from hjemtilos.core.access import page_rule
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest


@page_rule(policies.can_manage_own_account)
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    device = selectors.confirmed_authenticator(user)
    return render(
        request,
        "accounts/account.html",
        {
            "account": user,
            "authenticator": device,
            "backup_codes_left": services.backup_codes_left(user),
            "events": selectors.account_events(user, limit=10),
        },
    )


@page_rule(policies.can_manage_own_account)
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Change one's password: the current one first, then the new one twice."""
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    done = form_submit(
        request,
        form,
        lambda: services.password_set(
            user=user, password=form.cleaned_data["password1"], reset=False
        ),
    )
    if done:
        # This session stays signed in; every other session of the person ends.
        update_session_auth_hash(request, done.value)
        messages.success(request, _("Your password is changed."))
        return redirect("accounts:account")
    return render_form(request, "accounts/password_change.html", form)


@require_POST
@recent_second_factor
def backup_codes_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New backup codes (the old ones stop working), shown once on the next page."""
    if not policies.has_backup_codes(request.user):
        raise PermissionDenied
    request.session[NEW_BACKUP_CODES] = services.backup_codes_create(user=request.user)
    return redirect(reverse("accounts:backup_codes_show"))
