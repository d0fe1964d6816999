"""Password reset for every role: Django's views with our templates and our delivery.

The request page answers the same whether or not an account was found (no
user enumeration); the link goes by e-mail, or by SMS to a person who has
only a phone; it expires after ``PASSWORD_RESET_TIMEOUT`` and works once.
Requests are limited per client address and per account, and recorded.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import (
    INTERNAL_RESET_SESSION_TOKEN,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy

from hjemtilos.accounts import services
from hjemtilos.accounts.forms import PasswordResetRequestForm, SetPasswordForm
from hjemtilos.core.clientip import client_ip


class PasswordResetRequestView(PasswordResetView):
    form_class = PasswordResetRequestForm  # type: ignore[assignment]
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        if not services.password_reset_address_allowed(client_ip(self.request) or "unknown"):
            return render(self.request, "accounts/password_reset_throttled.html", status=429)
        services.password_reset_request(
            user=services.user_for_password_reset(form.cleaned_data["identifier"])
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetSentView(PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetChooseView(PasswordResetConfirmView):
    form_class = SetPasswordForm  # type: ignore[assignment]
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        services.password_set(user=form.user, password=form.cleaned_data["password1"], reset=True)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetFinishedView(PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
