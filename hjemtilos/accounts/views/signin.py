"""Signing in: password, the second factor (or a backup code), and confirming it again."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hjemtilos.accounts import policies, selectors, services
from hjemtilos.accounts.forms import BackupCodeForm, ConfirmPasswordForm, LoginForm, TokenForm
from hjemtilos.accounts.models import AuthenticatorDevice
from hjemtilos.accounts.sessions import (
    ENDED,
    second_factor_confirmed,
    second_factor_passed,
)
from hjemtilos.core.access import page_rule
from hjemtilos.core.http import AuthenticatedHttpRequest

# New backup codes wait here between being made and being shown, once.
NEW_BACKUP_CODES = "hjemtilos_new_backup_codes"


@method_decorator(login_not_required, name="dispatch")
class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Why the last session ended (idle or too long), told once.
        context["session_ended"] = self.request.session.pop(ENDED, None)
        return context


class SignOutView(LogoutView):
    pass


def safe_next(request: HttpRequest, default: str = "") -> str:
    """The ``next`` address if it stays on this site, else ``default`` (the home page)."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default or reverse("core:home")


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
        return redirect(safe_next(request))
    device = selectors.confirmed_authenticator(user)
    setting_up = device is None
    if device is None:
        device = services.authenticator_get_or_create_unconfirmed(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        ok = (
            services.authenticator_confirm(device=device, token=token)
            if setting_up
            else device.verify_token(token)
        )
        if ok:
            second_factor_passed(request, device)
            if setting_up:
                # Backup codes are made with the authenticator and shown once.
                request.session[NEW_BACKUP_CODES] = services.backup_codes_create(user=user)
                messages.success(request, _("Your authenticator app is set up."))
                return redirect(
                    reverse("accounts:backup_codes_show")
                    + "?"
                    + urlencode({"next": safe_next(request)})
                )
            return redirect(safe_next(request))
        form.add_error("token", _("The code is not correct or has expired. Try the newest code."))
    context: dict[str, Any] = {"form": form, "setting_up": setting_up, "next": safe_next(request)}
    if setting_up:
        context["qr_svg"] = mark_safe(_qr_svg(device.config_url))  # noqa: S308 - our own SVG
        context["secret"] = selectors.authenticator_secret_base32(device)
    return render(request, "accounts/two_factor.html", context)


@require_http_methods(["GET", "POST"])
def two_factor_backup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Sign in with a single-use backup code when the authenticator app is lost."""
    user = request.user
    if not user.needs_second_factor or policies.second_factor_satisfied(user):
        return redirect(safe_next(request))
    form = BackupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.backup_code_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            second_factor_passed(request, device)
            left = services.backup_codes_left(user)
            messages.warning(
                request,
                _(
                    "You signed in with a backup code; %(left)s are left. If your phone is lost, "
                    "ask an administrator to reset your authenticator app."
                )
                % {"left": left},
            )
            return redirect(safe_next(request))
        form.add_error("code", _("The code is not correct or has already been used."))
    return render(
        request,
        "accounts/two_factor_backup.html",
        {"form": form, "next": safe_next(request)},
        status=400 if form.errors else 200,
    )


@page_rule(policies.has_backup_codes)
def backup_codes_show(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The new backup codes, once: they are not stored where they could be shown again."""
    codes = request.session.pop(NEW_BACKUP_CODES, None)
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "next": safe_next(request, reverse("accounts:account"))},
    )


@require_http_methods(["GET", "POST"])
def confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirm it is you again before a sensitive action (``@recent_second_factor``).

    With an authenticator app: a fresh code. Without one (the roles that sign
    in with a password only): the password.
    """
    user = request.user
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=True).first()
    form: TokenForm | ConfirmPasswordForm = (
        TokenForm(request.POST or None)
        if device is not None
        else ConfirmPasswordForm(request.POST or None, user=user)
    )
    if request.method == "POST" and form.is_valid():
        if device is None or device.verify_token(form.cleaned_data["token"]):
            second_factor_confirmed(request)
            return redirect(safe_next(request))
        form.add_error("token", _("The code is not correct or has expired. Try the newest code."))
    return render(
        request,
        "accounts/confirm.html",
        {"form": form, "with_code": device is not None, "next": safe_next(request)},
        status=400 if form.errors else 200,
    )
