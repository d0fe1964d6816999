"""Helpers shared by the referral pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest

from hjemtilos.referrals import selectors
from hjemtilos.referrals.models import Referral


def add_form_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` next to the form's fields (or on top)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def referral_or_404(request: HttpRequest, pk: int) -> Referral:
    referral = selectors.referral_detail(user=request.user, pk=pk)
    if referral is None:
        raise Http404
    return referral
