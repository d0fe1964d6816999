"""The outcomes report on the reports framework (``/rapporter/udbytte/``, ADRs 0050 and 0055).

``outcomes_report(filters)`` turns the outcome figures (``surveys.outcomes``) into the
framework's tables, so the page, its charts, the CSV/XLSX downloads and
``/api/reports/udbytte`` show the same figures with the same small numbers hidden:

- the wish to continue (parents, volunteer families, matches);
- per survey: each scale or yes/no question as the share giving its positive answer, with
  the survey's response rate; each choice question (the baseline's expectations, how often
  to go on meeting) as the share picking each option; every answer to every scale question;
  and, from a survey at least five people answered, their own words;
- start against end for the parents who answered both.

Every share is a ``Rate``: its n travels with it. A fixed number of queries (those of
``outcomes``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from hjemtilos.reports.registry import ReportFilters
from hjemtilos.reports.tables import Chart, Column, Kind, Rate, Report, Row, Table, share_column
from hjemtilos.surveys.models import Audience
from hjemtilos.surveys.outcomes import ItemFigure, Outcomes, Share, SurveyFigures, outcomes


def _rate(share: Share) -> Rate:
    return Rate(share.part, share.n)


def _continuation(figures: Outcomes) -> Table:
    continuation = figures.continuation
    return Table(
        key="continuation",
        title=_("Wish to continue"),
        label_heading=_("Who"),
        description=_(
            "The share of those answering at the end who want to go on meeting after the year. "
            "A match counts when everyone who answered for it said yes."
        ),
        columns=[Column("share", _("Want to continue"), Kind.RATE)],
        rows=[
            Row(_("Parents"), [_rate(continuation.parents)], key="parents"),
            Row(_("Volunteer families"), [_rate(continuation.families)], key="families"),
            Row(
                _("Matches where everyone answering wants to continue"),
                [_rate(continuation.matches)],
                key="matches",
            ),
        ],
        chart=Chart(series=("share",)),
    )


def _positive_table(survey: SurveyFigures) -> Table:
    """The survey's scale and yes/no questions, each as its positive share."""
    asked_by_staff = survey.survey.audience == Audience.CHILD
    if not survey.answered:
        description = _("No answers in the period.")
    elif asked_by_staff:
        description = _(
            "Recorded by staff with the child at the child visit. Each question as the share "
            "giving its positive answer, of the children answering it (n)."
        )
    else:
        description = _(
            "Each question as the share giving its positive answer, of those answering it "
            "(n). The response rate is of those asked in the period."
        )
    return Table(
        key=survey.survey.key,
        title=str(survey.survey.name),
        label_heading=_("Question"),
        description=description,
        columns=[Column("answer", _("Answer"), Kind.TEXT), share_column()],
        rows=[
            Row(
                str(item.question.text),
                [item.positive_label, _rate(item.positive)],
                key=item.question.key,
            )
            for item in survey.items
            if item.positive is not None
        ],
        chart=Chart(series=("share",)),
        response_rate=Rate(survey.answered, survey.asked),
    )


def _choice_table(survey: SurveyFigures, item: ItemFigure) -> Table:
    """A choice question (the baseline's expectations): the share picking each option."""
    return Table(
        key=f"{survey.survey.key}-{item.question.key}",
        title=f"{survey.survey.name}: {item.question.text}",
        label_heading=_("Answer"),
        description=_(
            "The share of those answering the question (n) who picked each answer; where "
            "several could be ticked, the shares add up to more than 100 %."
        ),
        columns=[share_column()],
        rows=[Row(option.label, [_rate(option.share)], key=option.key) for option in item.options],
        chart=Chart(series=("share",)),
    )


def _every_answer(survey: SurveyFigures) -> Table:
    """Each scale question's answers one by one, beside the positive share above."""
    return Table(
        key=f"{survey.survey.key}-answers",
        title=_("%(survey)s: every answer") % {"survey": survey.survey.name},
        label_heading=_("Question"),
        columns=[Column("answer", _("Answer"), Kind.TEXT), share_column()],
        rows=[
            Row(
                str(item.question.text),
                [option.label, _rate(option.share)],
                key=f"{item.question.key}-{option.key}",
            )
            for item in survey.items
            if item.positive is not None
            for option in item.options
        ],
    )


def _comments(survey: SurveyFigures) -> Table:
    return Table(
        key=f"{survey.survey.key}-comments",
        title=_("%(survey)s: in their own words") % {"survey": survey.survey.name},
        label_heading=_("Question"),
        description=_(
            "Quoted without a name, only from a survey at least five people answered, at most "
            "twenty, in alphabetical order."
        ),
        columns=[Column("text", _("Answer"), Kind.TEXT)],
        rows=[Row(question, [text]) for question, text in survey.comments],
    )


def _survey_tables(survey: SurveyFigures) -> list[Table]:
    tables = [_positive_table(survey)]
    if not survey.answered:
        return tables
    tables.extend(
        _choice_table(survey, item)
        for item in survey.items
        if item.positive is None and item.options
    )
    tables.append(_every_answer(survey))
    if survey.comments:
        tables.append(_comments(survey))
    return tables


def _paired(figures: Outcomes) -> Table:
    return Table(
        key="start_end",
        title=_("Start and end for the same parents"),
        label_heading=_("Question"),
        description=(
            _(
                "The %(n)s parents who answered both at the start and at the end of the "
                "friendship: what they expected, and what they saw."
            )
            % {"n": figures.pairs}
            if figures.pairs
            else _("No parent in the period has answered both surveys yet.")
        ),
        columns=[
            Column("start_answer", _("At the start"), Kind.TEXT),
            Column("start", _("Share at the start"), Kind.RATE),
            Column("end_answer", _("At the end"), Kind.TEXT),
            Column("end", _("Share at the end"), Kind.RATE),
        ],
        rows=[
            Row(
                paired.label,
                [paired.start_label, _rate(paired.start), paired.end_label, _rate(paired.end)],
                key=paired.key,
            )
            for paired in figures.paired
        ],
        chart=Chart(series=("start", "end")),
    )


def outcomes_report(filters: ReportFilters) -> Report:
    """The outcomes report for ``filters``: the answers of the surveys about the period (the
    friendship's start for the baseline, its end for the end surveys, the child visit for the
    child's voice)."""
    figures = outcomes(site_ids=filters.site_ids, start=filters.start, end=filters.end)
    tables = [_continuation(figures)]
    for survey in figures.surveys:
        tables.extend(_survey_tables(survey))
    tables.append(_paired(figures))
    return Report(tables=tables)
