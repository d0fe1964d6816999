"""Form rendering in the DKFDS style (label, help text, error next to the
field, ``aria-invalid``/``aria-describedby`` wired up for screen readers), and
putting a service's refusal on the form that asked for it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.renderers import TemplatesSetting


class DkfdsFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def add_service_errors(
    form: BaseForm, error: ValidationError, rename: dict[str, str] | None = None
) -> None:
    """Show a service's ``ValidationError`` next to the form's fields, or on top.

    A message for a field the form lacks goes on top, so nothing is lost.
    ``rename`` maps a service argument to the form field that holds it.
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            field = (rename or {}).get(name, name)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
