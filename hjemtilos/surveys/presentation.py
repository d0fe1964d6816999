"""The outcome figures as people see them: each share with its n, small numbers hidden.

One rule for the page, its chart and its CSV download (the rule of the reports,
docs/decisions/0051-small-numbers.md): where numbers are suppressed (for
evaluators, and in every download) a count from 1 to 4 is shown as "< 5", and
so is a share resting on such a count, so that no family can be recognised.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hjemtilos.surveys.outcomes import ItemFigure, Outcomes, Share

#: Fewer than this many behind a figure and it is shown as "< 5" where numbers are suppressed.
SMALL_NUMBER = 5


def is_small(count: int) -> bool:
    return 0 < count < SMALL_NUMBER


@dataclass(frozen=True)
class ShownShare:
    """A share as shown: ``text`` for people, ``percent`` for the chart (None when hidden)."""

    text: str
    percent: float | None
    part: int | None
    n: int | None


def _percent(value: float) -> str:
    return number_format(round(value), decimal_pos=0)


def show_share(share: Share, *, suppress: bool) -> ShownShare:
    """``part of n (percent %)``, or "< 5" in its place when suppressed and small."""
    if share.n == 0:
        return ShownShare(text="–", percent=None, part=None, n=0)
    if suppress and is_small(share.n):
        return ShownShare(text=_("< 5"), percent=None, part=None, n=None)
    if suppress and is_small(share.part):
        return ShownShare(
            text=_("< 5 of %(n)s") % {"n": share.n}, percent=None, part=None, n=share.n
        )
    percent = share.percent or 0.0
    return ShownShare(
        text=_("%(part)s of %(n)s (%(percent)s %%)")
        % {"part": share.part, "n": share.n, "percent": _percent(percent)},
        percent=percent,
        part=share.part,
        n=share.n,
    )


def csv_rows(figures: Outcomes) -> Iterator[list[str]]:
    """The figures as rows for a download (always suppressed): survey, item, answer, part,
    n, percent."""
    yield [_("Survey"), _("Question"), _("Answer"), _("Number"), _("Of (n)"), _("Percent")]

    hidden = _("< 5")

    def row(survey: str, item: str, answer: str, share: Share) -> list[str]:
        shown = show_share(share, suppress=True)
        return [
            survey,
            item,
            answer,
            str(share.part) if share.n == 0 else hidden if shown.part is None else str(shown.part),
            hidden if shown.n is None else str(shown.n),
            "" if shown.percent is None else _percent(shown.percent),
        ]

    for survey in figures.surveys:
        name = str(survey.survey.name)
        yield row(name, _("Response rate"), _("answered"), survey.response_rate)
        for item in survey.items:
            if item.positive is not None:
                yield row(name, str(item.question.text), item.positive_label, item.positive)
            for option in item.options:
                yield row(name, str(item.question.text), option.label, option.share)
    for paired in figures.paired:
        label = _("Start and end for the same parents")
        yield row(label, paired.label, _("start: %s") % paired.start_label, paired.start)
        yield row(label, paired.label, _("end: %s") % paired.end_label, paired.end)
    wish = _("Wish to continue")
    continuation = figures.continuation
    yield row(wish, _("Parents"), _("yes"), continuation.parents)
    yield row(wish, _("Volunteer families"), _("yes"), continuation.families)
    yield row(
        wish,
        _("Matches where everyone answering wants to continue"),
        _("yes"),
        continuation.matches,
    )


#: The chart's drawing: a row per question, the bar's full length (100 %).
CHART_ROW = 38
CHART_BAR = 280


@dataclass(frozen=True)
class ChartBar:
    label: str
    shown: ShownShare
    top: int
    # The bar's length, None when the figure is hidden.
    length: float | None


@dataclass(frozen=True)
class Chart:
    bars: list[ChartBar]
    height: int
    width: int = CHART_BAR + 70
    full: int = CHART_BAR


def chart(items: list[ItemFigure], *, suppress: bool) -> Chart:
    """The bars of a survey's chart: each scale question's positive share."""
    bars: list[ChartBar] = []
    for item in items:
        if item.positive is None:
            continue
        shown = show_share(item.positive, suppress=suppress)
        bars.append(
            ChartBar(
                label=str(item.question.text),
                shown=shown,
                top=len(bars) * CHART_ROW,
                length=None if shown.percent is None else round(CHART_BAR * shown.percent / 100, 1),
            )
        )
    return Chart(bars=bars, height=len(bars) * CHART_ROW)
