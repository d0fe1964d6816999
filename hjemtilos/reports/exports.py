"""A report as a download: CSV (one file, a section per table) and XLSX (a sheet per table).

Both start with what the figures are (the report, the sites, the period, the
day of the status, when it was made) and are made from a presented report,
so small numbers are hidden exactly as on the page. A rate becomes three
columns (the count, the n behind it, the percentage) and a measure two (its
value and n), so a spreadsheet can compute with them.

The CSV is what Danish spreadsheets open directly: UTF-8 with a byte order
mark, semicolons between fields, whole numbers only (a percentage is
rounded) so no decimal comma or point is misread.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from hjemtilos.reports.registry import ReportEntry, ReportFilters
from hjemtilos.reports.tables import (
    Cell,
    Kind,
    PresentedReport,
    PresentedTable,
    hidden_text,
    whole_percent,
)

Field = str | int | float | None


def _day(day: date) -> str:
    return date_format(day, "j. F Y")


def heading_lines(
    entry: ReportEntry, filters: ReportFilters, report: PresentedReport
) -> list[tuple[str, str]]:
    """What the figures are, as (label, text) pairs for the top of a download."""
    lines = [
        (_("Report"), str(entry.title)),
        (_("Sites"), ", ".join(filters.site_names)),
        (_("Period"), f"{_day(filters.start)} – {_day(filters.end)}"),
    ]
    if entry.as_of:
        lines.append((_("Status on"), _day(filters.as_of)))
    lines.append((_("Made"), date_format(timezone.localtime(), "j. F Y H:i")))
    if report.suppressed:
        lines.append(
            (
                _("Small numbers"),
                _("Numbers from 1 to 4 are shown as “< 5” so no family can be recognised."),
            )
        )
    return lines


def _headers(table: PresentedTable) -> list[Field]:
    headers: list[Field] = [str(table.table.label_heading)]
    for column in table.table.columns:
        label = str(column.label)
        if column.kind == Kind.RATE:
            headers += [label, _("%(label)s: n") % {"label": label}, f"{label}: %"]
        elif column.kind == Kind.MEASURE:
            headers += [label, _("%(label)s: n") % {"label": label}]
        else:
            headers.append(label)
    return headers


def _fields(cell: Cell) -> list[Field]:
    """A cell as one or more spreadsheet fields (see the module's docstring)."""
    hidden = hidden_text() if cell.suppressed else None
    if cell.kind == Kind.RATE:
        percent = whole_percent(cell.percent) if cell.percent is not None else None
        if cell.suppressed:
            # The n stays when only the part is small ("< 5 of 17"); else it is small too.
            return [hidden, hidden if cell.n is None else cell.n, None]
        return [cell.part, cell.n, percent]
    if cell.kind == Kind.MEASURE:
        if cell.suppressed:
            return [hidden, hidden]
        value = round(cell.value) if isinstance(cell.value, float) else cell.value
        return [value, cell.n]
    if cell.suppressed:
        return [hidden]
    return [cell.value]


def table_lines(table: PresentedTable) -> Iterator[list[Field]]:
    """The table's header line and one line per row."""
    yield _headers(table)
    for row in table.rows:
        label = f"– {row.label}" if row.part_of_above else row.label
        yield [label, *(field for cell in row.cells for field in _fields(cell))]


def _response_rate(table: PresentedTable) -> list[Field] | None:
    if table.response_rate is None:
        return None
    return [_("Response rate"), table.response_rate.display]


def report_csv(entry: ReportEntry, filters: ReportFilters, report: PresentedReport) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for label, text in heading_lines(entry, filters, report):
        writer.writerow([label, text])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([str(table.table.title)])
        rate = _response_rate(table)
        if rate:
            writer.writerow(rate)
        writer.writerows(table_lines(table))
    for note in report.notes:
        writer.writerow([])
        writer.writerow([note])
    return out.getvalue().encode("utf-8-sig")


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub("", title).strip()[:31] or "Tabel"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" {number}"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def report_xlsx(entry: ReportEntry, filters: ReportFilters, report: PresentedReport) -> bytes:
    workbook = Workbook()
    bold = Font(bold=True)
    about = workbook.worksheets[0]
    taken: set[str] = set()
    about.title = _sheet_title(_("About"), taken)
    for label, text in heading_lines(entry, filters, report):
        about.append([label, text])
        about.cell(row=about.max_row, column=1).font = bold
    for note in report.notes:
        about.append([])
        about.append([note])
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 80
    for table in report.tables:
        sheet = workbook.create_sheet(_sheet_title(str(table.table.title), taken))
        sheet.append([str(table.table.title)])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        rate = _response_rate(table)
        if rate:
            sheet.append(rate)
        sheet.append([])
        lines = list(table_lines(table))
        for number, line in enumerate(lines):
            sheet.append(line)
            if number == 0:
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
        # Totals are the last lines (``present_table`` puts them there): bold them.
        for offset in range(len(table.totals)):
            for cell in sheet[sheet.max_row - offset]:
                cell.font = bold
        widths = [max(len(str(line[i])) for line in lines) for i in range(len(lines[0]))]
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download_name(entry: ReportEntry, filters: ReportFilters, extension: str) -> str:
    """``status-2024-06-30.pdf`` for a report taken on a day, else
    ``drift-20240101-20240630.csv``."""
    if entry.as_of:
        return f"{entry.slug}-{filters.as_of:%Y-%m-%d}.{extension}"
    return f"{entry.slug}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.{extension}"
