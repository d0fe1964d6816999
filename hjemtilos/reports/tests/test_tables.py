"""Small numbers, the n behind every share, and charts that read without colour."""

from __future__ import annotations

from django.utils import translation

from hjemtilos.reports.charts import render_chart
from hjemtilos.reports.exports import table_lines
from hjemtilos.reports.tables import (
    Chart,
    Column,
    Kind,
    Measure,
    Rate,
    Report,
    Row,
    Table,
    present,
    present_value,
)


def shown(value, kind=Kind.COUNT, *, suppress=True) -> str:
    with translation.override("en"):
        return present_value(value, kind, suppress=suppress).display


def test_counts_from_one_to_four_are_hidden_where_asked():
    assert [shown(n) for n in (0, 1, 4, 5, 53)] == ["0", "< 5", "< 5", "5", "53"]
    assert shown(3, suppress=False) == "3"
    assert shown(3, Kind.NUMBER) == "3"  # a target counts nobody


def test_a_share_always_shows_the_n_behind_it():
    assert shown(Rate(15, 17), Kind.RATE) == "15 of 17 (88 %)"
    assert shown(Rate(1, 8), Kind.RATE) == "< 5 of 8"  # no percentage: it would give the 1 back
    assert shown(Rate(3, 4), Kind.RATE) == "< 5"  # too few behind the share to show it
    assert shown(Rate(3, 4), Kind.RATE, suppress=False) == "3 of 4 (75 %)"
    assert shown(Rate(0, 0), Kind.RATE) == "–"
    # Rounded half up, as people round: 1 of 8 is 12.5 %.
    assert shown(Rate(1, 8), Kind.RATE, suppress=False) == "1 of 8 (13 %)"


def test_a_median_over_few_values_is_hidden():
    assert shown(Measure(42.0, 3), Kind.MEASURE) == "< 5"
    assert shown(Measure(42.5, 12), Kind.MEASURE) in ("42.5", "42,5")
    cell = present_value(Measure(42.0, 12), Kind.MEASURE, suppress=True)
    assert cell.n == 12


def _table() -> Table:
    return Table(
        key="visits",
        title="Visits",
        label_heading="Visits",
        columns=[Column("visits", "Visits"), Column("share", "Share", Kind.RATE)],
        rows=[
            Row("Held", [40, Rate(40, 44)], key="held"),
            Row("Cancelled", [4, Rate(4, 44)], key="cancelled"),
            Row("Total", [44, None], key="total", total=True),
        ],
        chart=Chart(series=("visits", "share")),
    )


def test_the_chart_draws_patterns_and_figures_and_hides_what_the_table_hides():
    with translation.override("en"):
        presented = present(Report(tables=[_table()]), suppress=True)
        svg = str(render_chart(presented.tables[0], chart_id="c"))
    # Two series, two patterns, each named in the legend; every bar carries its figure.
    assert svg.count("<pattern ") == 2 and ">Visits</text>" in svg and ">Share</text>" in svg
    assert ">40</text>" in svg and ">91 %</text>" in svg
    # The four cancelled visits are hidden in the chart as in the table; the total is not drawn.
    assert ">&lt; 5</text>" in svg and ">&lt; 5 of 44</text>" in svg
    assert ">4</text>" not in svg and ">44</text>" not in svg
    assert 'role="img"' in svg and "<title" in svg and "Held: Visits 40, Share 91 %" in svg


def test_a_download_line_hides_the_n_only_when_it_is_small_itself():
    table = Table(
        key="t",
        title="T",
        label_heading="Status",
        columns=[Column("children", "Children"), Column("share", "Share", Kind.RATE)],
        rows=[
            Row("Ended early", [4, Rate(4, 53)], key="early"),
            Row("Continuing", [3, Rate(3, 4)], key="continuing"),
            Row("Waiting", [11, Rate(11, 53)], key="waiting"),
        ],
    )
    with translation.override("en"):
        lines = list(table_lines(present(Report(tables=[table]), suppress=True).tables[0]))
    assert lines[0] == ["Status", "Children", "Share", "Share: n", "Share: %"]
    assert lines[1] == ["Ended early", "< 5", "< 5", 53, None]
    assert lines[2] == ["Continuing", "< 5", "< 5", "< 5", None]
    assert lines[3] == ["Waiting", 11, 11, 53, 21]
