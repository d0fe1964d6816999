"""Helpers shared by the volunteers app's pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest

from hjemtilos.volunteers import selectors
from hjemtilos.volunteers.models import VolunteerFamily


def add_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` next to the form's fields (or on top)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def family_or_404(request: HttpRequest, pk: int) -> VolunteerFamily:
    family = selectors.family_detail(user=request.user, pk=pk)
    if family is None:
        raise Http404
    return family
