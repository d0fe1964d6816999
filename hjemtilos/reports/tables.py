"""The shape of every report: tables of figures, each percentage with the n behind it.

A report's selector (``registry.ReportEntry.build``) returns a ``Report``: a
list of ``Table``s. A table has a heading for its row labels, ``Column``s and
``Row``s; a row holds one value per column:

* ``int`` in a ``COUNT`` column: how many children, families, visits …
  (suppressed when small, see below);
* ``int`` or ``float`` in a ``NUMBER`` column: a figure that counts nobody
  (a target, a year), never suppressed;
* ``Rate(part, whole)`` in a ``RATE`` column: a share, shown as
  "15 of 17 (88 %)" — the whole is the n behind the percentage;
* ``Measure(value, n)`` in a ``MEASURE`` column: a statistic over n values
  (the median waiting time), hidden when n is small;
* ``str`` in a ``TEXT`` column; ``None`` anywhere for "no figure".

``present(report, suppress=…)`` turns the values into ``Cell``s, the one
place where small numbers are suppressed (docs/decisions/0051-small-numbers.md):
a count from 1 to 4 becomes "< 5", and so does a rate or measure resting on
such a count. Pages, downloads, charts and the API all show presented cells,
so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

# Fewer than this many behind a figure and it is shown as "< 5" where numbers are suppressed.
SMALL_NUMBER = 5

Label = str | Promise


class Kind(StrEnum):
    COUNT = "count"
    NUMBER = "number"
    RATE = "rate"
    MEASURE = "measure"
    TEXT = "text"


@dataclass(frozen=True)
class Rate:
    """``part`` of ``whole``; ``whole`` is the n behind the percentage."""

    part: int
    whole: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.part / self.whole, 1) if self.whole else None


@dataclass(frozen=True)
class Measure:
    """A statistic (``value``, e.g. median days) computed over ``n`` values."""

    value: float | None
    n: int


Value = int | float | str | Rate | Measure | None


@dataclass(frozen=True)
class Column:
    key: str
    label: Label
    kind: Kind = Kind.COUNT


@dataclass(frozen=True)
class Row:
    """One line of a table; ``values`` follow the table's columns."""

    label: Label
    values: Sequence[Value]
    key: str = ""
    # A total line (shown last, left out of the chart).
    total: bool = False
    # An "of which" line under the one before it (indented, left out of the chart).
    part_of_above: bool = False


def share_column() -> Column:
    """The column of each row's share of the whole (a ``Rate``)."""
    return Column("share", _("Share"), Kind.RATE)


def total_row(values: Sequence[Value]) -> Row:
    """A table's total line: labelled "Total", shown last and left out of the chart."""
    return Row(_("Total"), values, key="total", total=True)


@dataclass(frozen=True)
class Chart:
    """What a table's chart draws: a bar per row and ``series`` column (or one bar per row
    of stacked segments), for the rows keyed ``rows`` (none named: every row but totals and
    "of which" rows)."""

    series: tuple[str, ...]
    stacked: bool = False
    rows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    key: str
    title: Label
    label_heading: Label
    columns: Sequence[Column]
    rows: Sequence[Row]
    description: Label = ""
    chart: Chart | None = None
    # For a survey's table: answered of asked (the response rate).
    response_rate: Rate | None = None

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Report:
    tables: Sequence[Table]
    notes: Sequence[Label] = field(default_factory=tuple)


# Presentation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A value as shown: ``display`` for people; ``value`` (None when hidden) for machines."""

    kind: Kind
    display: str
    value: int | float | str | None
    suppressed: bool = False
    # A rate's part and percentage; a rate's whole or a measure's n.
    part: int | None = None
    percent: float | None = None
    n: int | None = None

    @property
    def css(self) -> str:
        """The table cell's classes: figures right-aligned, hidden ones marked."""
        classes = "" if self.kind == Kind.TEXT else "text-align-right"
        return f"{classes} htos-suppressed" if self.suppressed else classes

    @property
    def number(self) -> float | None:
        """What a chart draws: a count, a rate's percentage or a measure's value."""
        if self.suppressed:
            return None
        if self.kind == Kind.RATE:
            return self.percent
        return self.value if isinstance(self.value, int | float) else None


@dataclass(frozen=True)
class PresentedRow:
    label: str
    key: str
    cells: list[Cell]
    total: bool
    part_of_above: bool

    @property
    def cells_html(self) -> SafeString:
        """The row's ``<td>``s, made here rather than in a template loop: an evaluator's
        table of every site has hundreds of cells and the loop was most of the page's time."""
        return format_html_join(
            "", '<td class="{}">{}</td>', ((cell.css, cell.display) for cell in self.cells)
        )


@dataclass(frozen=True)
class PresentedTable:
    table: Table
    rows: list[PresentedRow]
    response_rate: Cell | None

    @property
    def body(self) -> list[PresentedRow]:
        return [row for row in self.rows if not row.total]

    @property
    def totals(self) -> list[PresentedRow]:
        return [row for row in self.rows if row.total]


@dataclass(frozen=True)
class PresentedReport:
    tables: list[PresentedTable]
    notes: list[str]
    suppressed: bool


def is_small(n: int) -> bool:
    """1 to 4: few enough that a family could be recognised (0 tells nothing of anyone)."""
    return 0 < n < SMALL_NUMBER


def whole_percent(percent: float) -> int:
    """Rounded half up, as people round: 12.5 → 13 (Python's ``round`` would give 12)."""
    return int(Decimal(str(percent)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _number(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, decimal_pos=1, force_grouping=True)
    return number_format(int(value), force_grouping=True)


def hidden_text() -> str:
    """What a suppressed figure shows instead."""
    return _("< 5")


def _hidden(kind: Kind) -> Cell:
    return Cell(kind=kind, display=hidden_text(), value=None, suppressed=True)


def present_value(value: Value, kind: Kind, *, suppress: bool) -> Cell:
    """``value`` as shown in a ``kind`` column, small numbers hidden when ``suppress``."""
    if value is None:
        return Cell(kind=kind, display="–", value=None)
    if isinstance(value, Rate):
        return _present_rate(value, suppress=suppress)
    if isinstance(value, Measure):
        return _present_measure(value, suppress=suppress)
    if isinstance(value, str):
        return Cell(kind=kind, display=value, value=value)
    if kind == Kind.COUNT and suppress and is_small(int(value)):
        return _hidden(Kind.COUNT)
    return Cell(kind=kind, display=_number(value), value=value)


def _present_measure(measure: Measure, *, suppress: bool) -> Cell:
    if suppress and is_small(measure.n):
        return _hidden(Kind.MEASURE)
    if measure.value is None:
        return Cell(kind=Kind.MEASURE, display="–", value=None, n=measure.n)
    return Cell(kind=Kind.MEASURE, display=_number(measure.value), value=measure.value, n=measure.n)


def _present_rate(rate: Rate, *, suppress: bool) -> Cell:
    if suppress and is_small(rate.whole):
        return _hidden(Kind.RATE)
    if suppress and is_small(rate.part):
        return Cell(
            kind=Kind.RATE,
            display=_("< 5 of %(whole)s") % {"whole": _number(rate.whole)},
            value=None,
            suppressed=True,
            n=rate.whole,
        )
    percent = rate.percent
    if percent is None:
        return Cell(kind=Kind.RATE, display="–", value=None, part=rate.part, n=rate.whole)
    return Cell(
        kind=Kind.RATE,
        display=_("%(part)s of %(whole)s (%(percent)s %%)")
        % {
            "part": _number(rate.part),
            "whole": _number(rate.whole),
            "percent": whole_percent(percent),
        },
        value=rate.part,
        part=rate.part,
        percent=percent,
        n=rate.whole,
    )


def present_table(table: Table, *, suppress: bool) -> PresentedTable:
    rows = [
        PresentedRow(
            label=str(row.label),
            key=row.key,
            cells=[
                present_value(value, column.kind, suppress=suppress)
                for value, column in zip(row.values, table.columns, strict=True)
            ],
            total=row.total,
            part_of_above=row.part_of_above,
        )
        for row in table.rows
    ]
    # Totals last, whatever order the selector gave them in.
    rows.sort(key=lambda row: row.total)
    response_rate = (
        present_value(table.response_rate, Kind.RATE, suppress=suppress)
        if table.response_rate is not None
        else None
    )
    return PresentedTable(table=table, rows=rows, response_rate=response_rate)


def present(report: Report, *, suppress: bool) -> PresentedReport:
    """``report`` as shown to someone: with small numbers hidden when ``suppress``."""
    return PresentedReport(
        tables=[present_table(table, suppress=suppress) for table in report.tables],
        notes=[str(note) for note in report.notes],
        suppressed=suppress,
    )
