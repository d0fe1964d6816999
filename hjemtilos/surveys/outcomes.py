"""The outcome figures: what the respondents answered, counted (ADR 0055).

For the chosen sites and period (the day each survey is about: the
friendship's start for the baseline, its end for the end surveys, the child
visit for the child's voice):

- per survey: how many answered of how many were asked (the response rate);
- per item: how many answered it (n), how many picked each answer, and the
  share picking the positive end of its scale — the top two of five ("to a high
  or very high degree", "large or very large significance"), or "yes";
- per option of a multiple choice question (the baseline's expectations): the
  share of those answering who ticked it;
- start against end for the same families: the parents who answered both
  surveys, what they expected at the start and what they saw at the end, and
  the questions asked at both moments;
- the wish to continue: parents, volunteer families, and matches (a match
  counts as wanting to continue when everyone who answered for it said yes).

Figures are grouped by the questions' stable keys, so answers to every version
count together; the wording shown is the newest published version's. A fixed
number of queries however many answers there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from hjemtilos.friendships.models import Friendship
from hjemtilos.surveys.instruments import WISH_CONTINUE
from hjemtilos.surveys.models import (
    Answer,
    Audience,
    Moment,
    Question,
    Survey,
    SurveyInvitation,
    SurveyResponse,
)
from hjemtilos.surveys.scales import NO, SCALES, QuestionKind
from hjemtilos.surveys.selectors import current_versions, question_choices

#: Free-text answers are quoted only from a survey at least this many people answered,
#: and at most this many (ADR 0055).
COMMENTS_FROM = 5
COMMENTS_SHOWN = 20


@dataclass(frozen=True)
class Share:
    """``part`` of ``n``: the n is always shown with the percentage."""

    part: int
    n: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.part / self.n, 1) if self.n else None


@dataclass(frozen=True)
class OptionCount:
    key: str
    label: str
    share: Share


@dataclass(frozen=True)
class ItemFigure:
    """One question: n answered it; each answer's count; the positive share (scales)."""

    question: Question
    n: int
    options: list[OptionCount]
    positive: Share | None = None
    positive_label: str = ""


@dataclass(frozen=True)
class SurveyFigures:
    survey: Survey
    answered: int
    asked: int
    items: list[ItemFigure]
    comments: list[tuple[str, str]] = field(default_factory=list)  # (question text, text)

    @property
    def response_rate(self) -> Share:
        return Share(self.answered, self.asked)

    def item(self, key: str) -> ItemFigure | None:
        return next((i for i in self.items if i.question.key == key), None)


@dataclass(frozen=True)
class PairedFigure:
    """A question asked at both moments (or an expectation and the end item answering it),
    for the respondents who answered both surveys."""

    key: str
    label: str
    start: Share
    end: Share
    # What the start's share counts ("expected it", "well or very well").
    start_label: str = ""
    end_label: str = ""


@dataclass(frozen=True)
class Continuation:
    parents: Share
    families: Share
    matches: Share


@dataclass(frozen=True)
class Outcomes:
    start: date
    end: date
    surveys: list[SurveyFigures]
    paired: list[PairedFigure]
    pairs: int
    continuation: Continuation

    def survey(self, key: str) -> SurveyFigures | None:
        return next((s for s in self.surveys if s.survey.key == key), None)


def _responses(site_ids: list[int], start: date, end: date) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(
        site_id__in=site_ids, occasion_on__gte=start, occasion_on__lte=end
    )


def _item(question: Question, counts: dict[str, int], n: int) -> ItemFigure:
    options = [
        OptionCount(key=key, label=label, share=Share(counts.get(key, 0), n))
        for key, label in question_choices(question)
    ]
    scale = SCALES.get(question.kind)
    if scale is None:
        return ItemFigure(question=question, n=n, options=options)
    top = sum(counts.get(key, 0) for key in scale.top_keys())
    return ItemFigure(
        question=question,
        n=n,
        options=options,
        positive=Share(top, n),
        positive_label=str(scale.top_label),
    )


def _paired(
    surveys: list[SurveyFigures],
    site_ids: list[int],
    start: date,
    end: date,
) -> tuple[list[PairedFigure], int]:
    """Start against end for the parents who answered both (three queries)."""
    baseline = next(
        (s for s in surveys if s.survey.moment == Moment.START and s.survey.audience == "parent"),
        None,
    )
    closing = next(
        (s for s in surveys if s.survey.moment == Moment.END and s.survey.audience == "parent"),
        None,
    )
    if baseline is None or closing is None:
        return [], 0
    # End responses in the period whose respondent also answered the baseline.
    ends = (
        _responses(site_ids, start, end)
        .filter(survey=closing.survey)
        .filter(
            Exists(
                SurveyResponse.objects.filter(
                    survey=baseline.survey,
                    friendship_id=OuterRef("friendship_id"),
                    respondent_key=OuterRef("respondent_key"),
                )
            )
        )
    )
    starts = SurveyResponse.objects.filter(survey=baseline.survey).filter(
        Exists(
            ends.filter(
                friendship_id=OuterRef("friendship_id"), respondent_key=OuterRef("respondent_key")
            )
        )
    )
    pairs = ends.count()
    counts: dict[tuple[str, str, str], int] = {}
    answered: dict[tuple[str, str], int] = defaultdict(int)
    for moment, responses in (("start", starts), ("end", ends)):
        for row in (
            Answer.objects.filter(response__in=responses)
            .exclude(choice="")
            .values("key", "choice")
            .annotate(n=Count("id"))
            .order_by()
        ):
            counts[moment, row["key"], row["choice"]] = row["n"]
            answered[moment, row["key"]] += row["n"]
    # Read even when no one answered both, so the report's statements stay the same.
    if not pairs:
        return [], 0
    end_items = {item.question.key: item for item in closing.items}
    figures = []
    expectations = next(
        (i for i in baseline.items if i.question.kind == QuestionKind.MULTIPLE), None
    )
    if expectations is not None:
        for option in expectations.options:
            item = end_items.get(option.key)
            scale = SCALES.get(item.question.kind) if item else None
            if item is None or scale is None:
                continue
            figures.append(
                PairedFigure(
                    key=option.key,
                    label=option.label,
                    start=Share(
                        counts.get(("start", expectations.question.key, option.key), 0), pairs
                    ),
                    end=Share(
                        sum(counts.get(("end", option.key, k), 0) for k in scale.top_keys()),
                        answered["end", option.key],
                    ),
                    start_label=_("expected it"),
                    end_label=str(scale.top_label),
                )
            )
    for item in baseline.items:
        scale = SCALES.get(item.question.kind)
        if scale is None or item.question.key not in end_items:
            continue
        key = item.question.key
        figures.append(
            PairedFigure(
                key=key,
                label=item.question.text,
                start=Share(
                    sum(counts.get(("start", key, k), 0) for k in scale.top_keys()),
                    answered["start", key],
                ),
                end=Share(
                    sum(counts.get(("end", key, k), 0) for k in scale.top_keys()),
                    answered["end", key],
                ),
                start_label=str(scale.top_label),
                end_label=str(scale.top_label),
            )
        )
    return figures, pairs


def _matches_continuing(site_ids: list[int], start: date, end: date) -> Share:
    """Matches with a wish to continue from someone at the end: how many where everyone
    who answered said yes (one query)."""
    wishes = Answer.objects.filter(
        key=WISH_CONTINUE,
        response__friendship_id=OuterRef("pk"),
        response__survey__moment=Moment.END,
    )
    ended = _responses(site_ids, start, end).filter(survey__moment=Moment.END)
    figures = (
        Friendship.objects.filter(pk__in=ended.values("friendship_id"))
        .annotate(wished=Exists(wishes), refused=Exists(wishes.filter(choice=NO)))
        .aggregate(
            n=Count("pk", filter=Q(wished=True)),
            yes=Count("pk", filter=Q(wished=True, refused=False)),
        )
    )
    return Share(figures["yes"], figures["n"])


def _comments(
    responses: QuerySet[SurveyResponse], by_pk: dict[int, Question]
) -> dict[int, list[tuple[str, str]]]:
    """The newest ``COMMENTS_SHOWN`` free-text answers of each survey, in alphabetical order
    (so the order tells nothing of who answered when). One query."""
    newest = (
        Answer.objects.filter(response__in=responses, question__kind=QuestionKind.TEXT)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("response__survey_id")],
                order_by=[F("response__answered_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=COMMENTS_SHOWN)
        .values_list("response__survey_id", "question_id", "text")
    )
    texts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for survey_id, question_id, text in newest:
        if text:
            question = by_pk.get(question_id)
            texts[survey_id].append((question.text if question else "", text))
    return {
        pk: sorted(found, key=lambda row: (row[0], row[1].lower())) for pk, found in texts.items()
    }


def outcomes(*, site_ids: Iterable[int], start: date, end: date) -> Outcomes:
    """The outcome figures for ``site_ids`` and the period ``start``–``end`` (both included)."""
    site_ids = list(site_ids)
    versions = current_versions()
    responses = _responses(site_ids, start, end)
    answered: dict[int, int] = defaultdict(int)
    unasked: dict[int, int] = defaultdict(int)
    for row in (
        responses.values("survey_id")
        .annotate(n=Count("id"), unasked=Count("id", filter=Q(invitation__isnull=True)))
        .order_by()
    ):
        answered[row["survey_id"]] = row["n"]
        unasked[row["survey_id"]] = row["unasked"]
    invited = dict(
        SurveyInvitation.objects.filter(
            site_id__in=site_ids, occasion_on__gte=start, occasion_on__lte=end
        )
        .values("survey_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("survey_id", "n")
    )
    counts: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for count in (
        Answer.objects.filter(response__in=responses)
        .exclude(choice="")
        .values("response__survey_id", "key", "choice")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[count["response__survey_id"], count["key"]][count["choice"]] = count["n"]
    item_n = {
        (row["response__survey_id"], row["key"]): row["n"]
        for row in Answer.objects.filter(response__in=responses)
        .values("response__survey_id", "key")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    }
    by_pk = {q.pk: q for _s, version in versions for q in version.questions.all()}
    comments = _comments(responses, by_pk)
    figures = []
    for survey, version in versions:
        questions = sorted(version.questions.all(), key=lambda q: (q.position, q.pk))
        items = [
            _item(q, counts.get((survey.pk, q.key), {}), item_n.get((survey.pk, q.key), 0))
            for q in questions
            if q.kind != QuestionKind.TEXT
        ]
        total = answered.get(survey.pk, 0)
        figures.append(
            SurveyFigures(
                survey=survey,
                answered=total,
                # The child's voice is recorded by staff: everyone "asked" answered.
                asked=invited.get(survey.pk, 0) + unasked.get(survey.pk, 0),
                items=items,
                comments=comments.get(survey.pk, []) if total >= COMMENTS_FROM else [],
            )
        )
    paired, pairs = _paired(figures, site_ids, start, end)

    def wish(audience: str) -> Share:
        for figure in figures:
            if figure.survey.moment == Moment.END and figure.survey.audience == audience:
                item = figure.item(WISH_CONTINUE)
                if item is not None and item.positive is not None:
                    return item.positive
        return Share(0, 0)

    continuation = Continuation(
        parents=wish(Audience.PARENT),
        families=wish(Audience.VOLUNTEER),
        matches=_matches_continuing(site_ids, start, end),
    )
    return Outcomes(
        start=start,
        end=end,
        surveys=figures,
        paired=paired,
        pairs=pairs,
        continuation=continuation,
    )
