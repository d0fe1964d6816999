"""Invitations: the link that sets a password, inviting people, and the lead's follow-up list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hjemtilos.accounts import policies, selectors, services
from hjemtilos.accounts.forms import InviteForm, SetPasswordForm
from hjemtilos.core.access import page_rule
from hjemtilos.core.forms import error_text, form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate


@login_not_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_get_usable(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=410)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"]
            )
        except ValidationError:
            return render(request, "accounts/invitation_invalid.html", status=410)
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Hjem til Os. Your password is saved."))
        return redirect("core:home")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invited": invitation.user}
    )


@page_rule(policies.can_invite)
def invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    roles = policies.invitable_roles(request.user)
    administrator = policies.is_administrator(request.user)
    form = InviteForm(request.POST or None, roles=roles, with_reason=administrator)
    done = form_submit(
        request,
        form,
        lambda: services.user_invite(
            invited_by=request.user,
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            role=form.cleaned_data["role"],
            municipality=form.cleaned_data["municipality"],
            site=form.cleaned_data.get("site"),
            preferred_language=form.cleaned_data["preferred_language"],
            reason=form.cleaned_data.get("reason", ""),
        ),
    )
    if done:
        user, _link = done.value
        messages.success(
            request, _("An invitation was sent to %(address)s.") % {"address": user.login_name}
        )
        return redirect("accounts:invite")
    invitations = selectors.invitations_sent_by(request.user)
    return render_form(request, "accounts/invite.html", form, {"invitations": invitations})


@page_rule(policies.can_follow_invitations)
def invitations_pending(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The site lead's list of families and parents who have not accepted their invitation."""
    pending = selectors.unaccepted_invitations(policies.lead_site_ids(request.user))
    return render(
        request,
        "accounts/invitations_pending.html",
        {"page": paginate(request, pending)},
    )


@require_POST
def reinvite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Send an unaccepted invitation again from the lead's list."""
    invitation = selectors.invitation_for_reinviting_or_404(user=request.user, pk=pk)
    try:
        services.user_reinvite(user=invitation.user, invited_by=request.user, site=invitation.site)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("A new invitation was sent to %(address)s.")
            % {"address": invitation.user.login_name},
        )
    return redirect("accounts:invitations_pending")
