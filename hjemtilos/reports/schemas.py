"""The reports in the JSON API: every report has the same self-describing shape."""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Field, Schema

CellKind = Literal["count", "number", "rate", "measure", "text"]
Format = Literal["csv", "xlsx", "pdf"]


class ReportQuery(Schema):
    """The filters, as on the report page."""

    site: list[int] = Field(
        default_factory=list,
        description="Site ids, repeated (site=1&site=2); none: every site the caller reads",
    )
    start: date | None = Field(
        default=None, description="First day of the period; default: the report's usual start"
    )
    end: date | None = Field(default=None, description="Last day of the period; default: today")
    as_of: date | None = Field(
        default=None, description="The status day, for a report that takes one; default: today"
    )


class ReportSummaryOut(Schema):
    slug: str = Field(description="The report's address: /api/reports/{slug}")
    title: str
    description: str
    as_of: bool = Field(description="The report takes an as_of date besides the period")
    formats: list[Format] = Field(description="The downloads the report page offers")


class ColumnOut(Schema):
    key: str
    label: str
    kind: CellKind = Field(
        description=(
            "count: how many (people or records; hidden when 1–4 where small numbers are "
            "suppressed); number: a figure that counts nobody (a target); rate: a share, "
            "with part, n (the whole) and percent; measure: a statistic over n values "
            "(a median); text"
        )
    )


class CellOut(Schema):
    column: str
    value: int | float | str | None = Field(
        description="The figure (a rate's part); null when there is none or it is suppressed"
    )
    display: str = Field(description="As the page shows it, e.g. “15 of 17 (88 %)” or “< 5”")
    suppressed: bool = Field(description="Hidden because fewer than 5 are behind it")
    part: int | None = None
    n: int | None = Field(default=None, description="A rate's whole, or a measure's n")
    percent: float | None = Field(default=None, description="A rate's percentage, 1 decimal")


class RowOut(Schema):
    key: str
    label: str
    total: bool = Field(description="A total line")
    part_of_above: bool = Field(description="An “of which” line under the row before it")
    cells: list[CellOut]


class TableOut(Schema):
    key: str
    title: str
    description: str
    label_heading: str = Field(description="The heading of the row labels")
    columns: list[ColumnOut]
    rows: list[RowOut]
    response_rate: CellOut | None = Field(
        default=None, description="For a survey's table: answered of asked"
    )


class SiteRefOut(Schema):
    id: int
    name: str


class FiltersOut(Schema):
    sites: list[SiteRefOut]
    start: date
    end: date
    as_of: date | None = Field(description="The status day, for a report that takes one")


class ReportOut(Schema):
    slug: str
    title: str
    filters: FiltersOut
    suppressed: bool = Field(description="Numbers from 1 to 4 are hidden (evaluators)")
    tables: list[TableOut]
    notes: list[str]
