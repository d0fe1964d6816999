"""Template helpers for DKFDS markup."""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_CHOICE_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def dkfds_widget(field: BoundField) -> SafeString:
    """Render a field's widget with DKFDS classes and accessible error wiring."""
    widget = field.field.widget
    attrs: dict[str, str | bool] = {}
    if isinstance(widget, forms.Select | forms.SelectMultiple) and not isinstance(
        widget, _CHOICE_WIDGETS
    ):
        attrs["class"] = "form-select"
    elif isinstance(widget, forms.CheckboxInput):
        attrs["class"] = "form-checkbox"
    elif not isinstance(widget, _CHOICE_WIDGETS):
        attrs["class"] = "form-input"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    existing = widget.attrs.get("class")
    if existing and "class" in attrs:
        attrs["class"] = f"{attrs['class']} {existing}"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.simple_tag
def column_headers(*labels: str) -> SafeString:
    """A table's header cells, one ``<th scope="col">`` per label (escaped)."""
    return format_html_join("", '<th scope="col">{}</th>', ((label,) for label in labels))
