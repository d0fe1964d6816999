"""Sign-in, second factor, invitations."""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemtilos.accounts import policies, selectors, services
from hjemtilos.accounts.forms import InviteForm, LoginForm, SetPasswordForm, TokenForm
from hjemtilos.core.forms import form_submit, render_form
from hjemtilos.core.http import AuthenticatedHttpRequest


@method_decorator(login_not_required, name="dispatch")
class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class SignOutView(LogoutView):
    pass


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("core:home")


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    # The <svg> element alone, to sit inline in the page (no XML declaration).
    svg: str = image.to_string(encoding="unicode")
    return svg


@require_http_methods(["GET", "POST"])
def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Verify the TOTP code, or set up an authenticator on first sign-in."""
    user = request.user
    if not user.needs_second_factor or policies.second_factor_satisfied(user):
        return redirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = services.totp_device_get_or_create_unconfirmed(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        ok = (
            services.totp_device_confirm(device=device, token=token)
            if setting_up
            else device.verify_token(token)
        )
        if ok:
            otp_login(request, device)
            if setting_up:
                messages.success(request, _("Your authenticator app is set up."))
            return redirect(_safe_next(request))
        form.add_error("token", _("The code is not correct or has expired. Try the newest code."))
    context: dict[str, Any] = {"form": form, "setting_up": setting_up, "next": _safe_next(request)}
    if setting_up:
        context["qr_svg"] = mark_safe(_qr_svg(device.config_url))  # noqa: S308 - our own SVG
        context["secret"] = selectors.totp_secret_base32(device)
    return render(request, "accounts/two_factor.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_get_usable(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=410)
    form = SetPasswordForm(request.POST or None, user=invitation.user)
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


@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    roles = policies.invitable_roles(request.user)
    if not roles:
        raise PermissionDenied
    form = InviteForm(request.POST or None, roles=roles)
    done = form_submit(
        request,
        form,
        lambda: services.user_invite(
            invited_by=request.user,
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            role=form.cleaned_data["role"],
            municipality=form.cleaned_data["municipality"],
            preferred_language=form.cleaned_data["preferred_language"],
        ),
    )
    if done:
        user, _link = done.value
        messages.success(request, _("An invitation was sent to %(email)s.") % {"email": user.email})
        return redirect("accounts:invite")
    invitations = selectors.invitations_sent_by(request.user)
    return render_form(request, "accounts/invite.html", form, {"invitations": invitations})
