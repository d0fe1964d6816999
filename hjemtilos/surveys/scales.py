"""The answer scales a question can use, and what counts as its positive end.

The evaluation's five-point scale (*i meget høj grad … slet ikke*), the
significance scale (*meget stor … ingen betydning*), everyday wellbeing, the
child's smiley scale and yes/no are fixed here, in code, because the outcome
figures depend on them: "to a high degree" is the top two options of the degree
scale, "large or very large" the top two of significance (ADR 0053). Single and
multiple choice questions bring their own options as data.

Each option has a stable key (stored in the answers) and a label in Danish and
English (gettext). Options run from the most positive to the least.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy


class QuestionKind(models.TextChoices):
    DEGREE = "degree", pgettext_lazy("question kind", "Degree (to a very high degree … not at all)")
    SIGNIFICANCE = (
        "significance",
        pgettext_lazy("question kind", "Significance (very large … none)"),
    )
    WELLBEING = "wellbeing", pgettext_lazy("question kind", "Wellbeing (very good … very poor)")
    SMILEY = "smiley", pgettext_lazy("question kind", "Smiley scale for children")
    YES_NO = "yes_no", pgettext_lazy("question kind", "Yes or no")
    SINGLE = "single", pgettext_lazy("question kind", "One choice among options")
    MULTIPLE = "multiple", pgettext_lazy("question kind", "Several choices among options")
    TEXT = "text", pgettext_lazy("question kind", "Free text")


@dataclass(frozen=True)
class ScaleOption:
    key: str
    label: str | Promise


@dataclass(frozen=True)
class Scale:
    options: tuple[ScaleOption, ...]
    # How many options from the top count as the positive answer in the figures.
    top: int
    # What the positive share is called in the outcome report.
    top_label: str | Promise

    def keys(self) -> list[str]:
        return [option.key for option in self.options]

    def top_keys(self) -> frozenset[str]:
        return frozenset(option.key for option in self.options[: self.top])

    def label(self, key: str) -> str:
        return next((str(o.label) for o in self.options if o.key == key), key)


YES = "yes"
NO = "no"

SCALES: dict[str, Scale] = {
    QuestionKind.DEGREE: Scale(
        options=(
            ScaleOption("very_high", pgettext_lazy("degree", "To a very high degree")),
            ScaleOption("high", pgettext_lazy("degree", "To a high degree")),
            ScaleOption("some", pgettext_lazy("degree", "To some degree")),
            ScaleOption("low", pgettext_lazy("degree", "To a small degree")),
            ScaleOption("not_at_all", pgettext_lazy("degree", "Not at all")),
        ),
        top=2,
        top_label=pgettext_lazy("degree", "to a high or very high degree"),
    ),
    QuestionKind.SIGNIFICANCE: Scale(
        options=(
            ScaleOption("very_large", pgettext_lazy("significance", "Very large significance")),
            ScaleOption("large", pgettext_lazy("significance", "Large significance")),
            ScaleOption("some", pgettext_lazy("significance", "Some significance")),
            ScaleOption("small", pgettext_lazy("significance", "Small significance")),
            ScaleOption("none", pgettext_lazy("significance", "No significance")),
        ),
        top=2,
        top_label=pgettext_lazy("significance", "large or very large"),
    ),
    QuestionKind.WELLBEING: Scale(
        options=(
            ScaleOption("very_good", pgettext_lazy("wellbeing", "Very well")),
            ScaleOption("good", pgettext_lazy("wellbeing", "Well")),
            ScaleOption("fair", pgettext_lazy("wellbeing", "So-so")),
            ScaleOption("poor", pgettext_lazy("wellbeing", "Not well")),
            ScaleOption("very_poor", pgettext_lazy("wellbeing", "Not well at all")),
        ),
        top=2,
        top_label=pgettext_lazy("wellbeing", "well or very well"),
    ),
    QuestionKind.SMILEY: Scale(
        options=(
            ScaleOption("great", pgettext_lazy("smiley", "Really good")),
            ScaleOption("good", pgettext_lazy("smiley", "Good")),
            ScaleOption("mixed", pgettext_lazy("smiley", "Both good and bad")),
            ScaleOption("bad", pgettext_lazy("smiley", "Not so good")),
            ScaleOption("very_bad", pgettext_lazy("smiley", "Not good at all")),
        ),
        top=2,
        top_label=pgettext_lazy("smiley", "good or really good"),
    ),
    QuestionKind.YES_NO: Scale(
        options=(
            ScaleOption(YES, pgettext_lazy("answer", "Yes")),
            ScaleOption(NO, pgettext_lazy("answer", "No")),
        ),
        top=1,
        top_label=pgettext_lazy("answer", "yes"),
    ),
}

#: Kinds whose options are the question's own (data), not a fixed scale.
CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
#: Kinds answered by picking (everything but free text).
PICKED_KINDS = frozenset(SCALES) | CHOICE_KINDS
