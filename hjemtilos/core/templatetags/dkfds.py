"""Template helpers for DKFDS markup."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.boundfield import BoundField
from django.template.base import FilterExpression, NodeList, Parser, Token, token_kwargs
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from hjemtilos.core.forms import error_summary as error_summary_items

register = template.Library()

_CHOICE_WIDGETS = (
    django_forms.CheckboxInput,
    django_forms.RadioSelect,
    django_forms.CheckboxSelectMultiple,
)


@register.filter
def dkfds_widget(field: BoundField) -> SafeString:
    """Render a field's widget with DKFDS classes and accessible error wiring."""
    widget = field.field.widget
    attrs: dict[str, str | bool] = {}
    if isinstance(widget, django_forms.Select | django_forms.SelectMultiple) and not isinstance(
        widget, _CHOICE_WIDGETS
    ):
        attrs["class"] = "form-select"
    elif isinstance(widget, django_forms.CheckboxInput):
        attrs["class"] = "form-checkbox"
    elif isinstance(widget, django_forms.Textarea):
        # Room to write in: wider than a one-line input's default width.
        attrs["class"] = "form-input input-width-xl"
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
    return isinstance(field.field.widget, django_forms.CheckboxInput)


@register.simple_tag
def column_headers(*labels: str) -> SafeString:
    """A table's header cells, one ``<th scope="col">`` per label (escaped)."""
    return format_html_join("", '<th scope="col">{}</th>', ((label,) for label in labels))


class DataTableNode(template.Node):
    def __init__(
        self,
        caption: FilterExpression,
        headings: list[FilterExpression],
        actions: FilterExpression | None,
        rows: NodeList,
    ) -> None:
        self.caption = caption
        self.headings = headings
        self.actions = actions
        self.rows = rows

    def render(self, context: template.Context) -> SafeString:
        table = context.template.engine.get_template("includes/data_table.html")  # type: ignore[union-attr]
        return table.render(
            context.new(
                {
                    "caption": self.caption.resolve(context),
                    "headings": [heading.resolve(context) for heading in self.headings],
                    "actions": self.actions.resolve(context) if self.actions else "",
                    # The rows are template output, already escaped.
                    "rows": mark_safe(self.rows.render(context)),  # noqa: S308
                }
            )
        )


@register.tag("data_table")
def data_table(parser: Parser, token: Token) -> DataTableNode:
    """A DKFDS table that scrolls sideways on a phone, with a caption for screen readers.

    ``{% data_table _("Caption") _("Heading") … [actions=_("Actions")] %}…{% enddata_table %}``:
    the first argument is the caption, the others the column headings; ``actions`` names a last
    column (of buttons or links) whose heading only screen readers read. The content is the rows.
    """
    name, *bits = token.split_contents()
    actions = None
    if bits and bits[-1].startswith("actions="):
        actions = parser.compile_filter(bits.pop().removeprefix("actions="))
    if not bits[1:]:
        raise template.TemplateSyntaxError(f"{name} needs a caption and at least one heading")
    caption, *headings = (parser.compile_filter(bit) for bit in bits)
    rows = parser.parse(("enddata_table",))
    parser.delete_first_token()
    return DataTableNode(caption, headings, actions, rows)


ALERT_VARIANTS = ("info", "success", "warning", "error")


class AlertNode(template.Node):
    def __init__(
        self,
        variant: FilterExpression,
        options: dict[str, FilterExpression],
        text: NodeList,
    ) -> None:
        self.variant = variant
        self.options = options
        self.text = text

    def render(self, context: template.Context) -> SafeString:
        alert = context.template.engine.get_template("includes/alert.html")  # type: ignore[union-attr]
        heading = self.options.get("heading")
        classes = self.options.get("classes")
        return alert.render(
            context.new(
                {
                    "variant": self.variant.resolve(context),
                    "heading": heading.resolve(context) if heading else "",
                    "classes": classes.resolve(context) if classes else "mb-5",
                    # The text is template output, already escaped.
                    "text": mark_safe(self.text.render(context).strip()),  # noqa: S308
                }
            )
        )


@register.tag("alert")
def alert(parser: Parser, token: Token) -> AlertNode:
    """A DKFDS alert with one paragraph of text (the content), and the role DKFDS gives its kind.

    ``{% alert "warning" [heading=_("Heading")] [classes="mb-3"] %}Text{% endalert %}``: the
    variant is info, success, warning or error; ``classes`` replaces the usual space below (mb-5).
    """
    name, *bits = token.split_contents()
    if not bits:
        raise template.TemplateSyntaxError(f"{name} needs a variant: {', '.join(ALERT_VARIANTS)}")
    variant = parser.compile_filter(bits.pop(0))
    if isinstance(variant.var, str) and variant.var not in ALERT_VARIANTS:
        raise template.TemplateSyntaxError(
            f"{name}: {variant.var!r} is not one of {', '.join(ALERT_VARIANTS)}"
        )
    options = token_kwargs(bits, parser)
    if bits or set(options) - {"heading", "classes"}:
        raise template.TemplateSyntaxError(
            f"{name} takes a variant, then only heading= and classes="
        )
    text = parser.parse(("endalert",))
    parser.delete_first_token()
    return AlertNode(variant, options, text)


@register.simple_tag
def error_summary(*forms_: BaseForm | BaseFormSet[Any] | str | None) -> list[tuple[str, str]]:
    """Every error of the forms (and formsets) as (anchor, message), for the error summary."""
    return error_summary_items(*(f for f in forms_ if f and not isinstance(f, str)))
