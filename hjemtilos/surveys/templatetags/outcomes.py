"""``{% shown share suppress as s %}``: a share as the outcomes page shows it (``presentation``)."""

from __future__ import annotations

from django import template

from hjemtilos.surveys.outcomes import ItemFigure, Share
from hjemtilos.surveys.presentation import Chart, ShownShare, chart, show_share

register = template.Library()


@register.simple_tag
def shown(share: Share, *, suppress: bool) -> ShownShare:
    return show_share(share, suppress=suppress)


@register.simple_tag
def outcome_chart(items: list[ItemFigure], *, suppress: bool) -> Chart:
    return chart(items, suppress=suppress)
