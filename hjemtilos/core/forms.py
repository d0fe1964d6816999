"""Form rendering in the DKFDS style: label, help text, error next to the
field, ``aria-invalid``/``aria-describedby`` wired up for screen readers."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class DkfdsFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
