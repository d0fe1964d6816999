"""Bar charts drawn on the server as inline SVG, readable without colour.

Every series has its own fill pattern (solid, stripes, dots, cross-hatch …)
outlined in black, so the bars tell apart on a grey printout and for readers
who do not see colour; every bar carries its figure as text; the legend
shows each pattern with its name. The chart is an image with a title and a
description that reads out the figures, and the page shows the table
beside it (docs/decisions/0050-reports-framework.md).

No JavaScript and no chart library: the same SVG goes into the page and the
PDF (WeasyPrint draws inline SVG).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from hjemtilos.reports.tables import Cell, Kind, PresentedRow, PresentedTable, whole_percent

WIDTH = 360
FONT = 12
LINE = 16  # height of a text line
BAR = 16  # height of one bar
GAP = 3  # between the bars of one row
ROW_GAP = 10  # between rows
VALUE_SPACE = 64  # room to the right of the longest bar for its figure
LABEL_CHARS = 52  # a label longer than this wraps
INK = "#1a1a1a"
FILL = "#1f4e8c"

# The fill of each series: the pattern's drawing inside a 6×6 tile.
PATTERNS = (
    f'<rect width="6" height="6" fill="{FILL}"/>',
    f'<rect width="6" height="6" fill="#fff"/><path d="M-1,7 L7,-1 M-1,1 L1,-1 M5,7 L7,5" '
    f'stroke="{FILL}" stroke-width="1.6"/>',
    f'<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.4" fill="{INK}"/>',
    f'<rect width="6" height="6" fill="#fff"/><path d="M0,0 L6,6 M6,0 L0,6" '
    f'stroke="{INK}" stroke-width="1"/>',
    f'<rect width="6" height="6" fill="#fff"/><path d="M0,3 L6,3" stroke="{FILL}" '
    f'stroke-width="1.6"/>',
    '<rect width="6" height="6" fill="#c8c8c8"/>',
)


@dataclass(frozen=True)
class _Series:
    key: str
    label: str
    index: int


def _figure(cell: Cell) -> str:
    """The figure printed by a bar: the percentage of a rate, else what the table shows."""
    if cell.kind == Kind.RATE and not cell.suppressed and cell.percent is not None:
        return f"{whole_percent(cell.percent)} %"
    return cell.display


def _text(x: float, y: float, content: str, *, anchor: str = "start", bold: bool = False) -> str:
    weight = ' font-weight="600"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT}" fill="{INK}" '
        f'text-anchor="{anchor}"{weight}>{escape(content)}</text>'
    )


def _bar(x: float, y: float, width: float, pattern: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{BAR}" '
        f'fill="url(#{pattern})" stroke="{INK}" stroke-width="0.8"/>'
    )


def _rows(table: PresentedTable, keys: tuple[str, ...]) -> list[PresentedRow]:
    if keys:
        return [row for key in keys for row in table.rows if row.key == key]
    return [row for row in table.body if not row.part_of_above]


def render_chart(table: PresentedTable, *, chart_id: str) -> SafeString:
    """The table's chart as an inline ``<svg>``, or an empty string if it has none."""
    spec = table.table.chart
    rows = _rows(table, spec.rows) if spec is not None else []
    if spec is None or not rows:
        return mark_safe("")
    columns = list(table.table.columns)
    series = [
        _Series(key=key, label=str(table.table.column(key).label), index=i)
        for i, key in enumerate(spec.series)
    ]
    where = {column.key: i for i, column in enumerate(columns)}
    cells = [[row.cells[where[s.key]] for s in series] for row in rows]
    numbers = [[cell.number or 0.0 for cell in row] for row in cells]
    top = max((sum(row) if spec.stacked else max(row, default=0.0)) for row in numbers)
    if any(table.table.column(s.key).kind == Kind.RATE for s in series):
        top = max(top, 100.0)  # shares are drawn against 100 %
    # A stacked bar's figures go on its label line, so it may take the whole width.
    scale = (WIDTH - (0 if spec.stacked else VALUE_SPACE)) / top if top else 0.0

    parts: list[str] = []
    y = 0.0
    if len(series) > 1:
        for s in series:
            parts.append(
                f'<rect x="0" y="{y + 2:.1f}" width="{LINE + 8}" height="{LINE - 4}" '
                f'fill="url(#{chart_id}-p{s.index})" stroke="{INK}" stroke-width="0.8"/>'
            )
            parts.append(_text(LINE + 14, y + LINE - 4, s.label))
            y += LINE + 2
        y += ROW_GAP
    described: list[str] = []
    for row, row_cells, row_numbers in zip(rows, cells, numbers, strict=True):
        figures = [_figure(cell) for cell in row_cells]
        label = f"{row.label}: {' / '.join(figures)}" if spec.stacked else row.label
        for line in textwrap.wrap(label, LABEL_CHARS) or [""]:
            y += LINE
            parts.append(_text(0, y - 4, line, bold=True))
        y += 2
        described.append(
            f"{row.label}: "
            + ", ".join(
                f"{s.label} {figure}" if len(series) > 1 else figure
                for s, figure in zip(series, figures, strict=True)
            )
        )
        if spec.stacked:
            x = 0.0
            for s, number in zip(series, row_numbers, strict=True):
                width = number * scale
                parts.append(_bar(x, y, width, f"{chart_id}-p{s.index}"))
                x += width
            y += BAR
        else:
            for s, number, figure in zip(series, row_numbers, figures, strict=True):
                width = number * scale
                parts.append(_bar(0, y, width, f"{chart_id}-p{s.index}"))
                parts.append(_text(width + 4, y + BAR - 4, figure))
                y += BAR + GAP
            y -= GAP
        y += ROW_GAP
    height = y
    defs = "".join(
        f'<pattern id="{chart_id}-p{s.index}" width="6" height="6" '
        f'patternUnits="userSpaceOnUse">{PATTERNS[s.index % len(PATTERNS)]}</pattern>'
        for s in series
    )
    title = str(table.table.title)
    description = _("Bar chart; the table beside it has the same figures. %(figures)s.") % {
        "figures": "; ".join(described)
    }
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="htos-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="sans-serif">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"<defs>{defs}</defs>{''.join(parts)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text in it is escaped above
