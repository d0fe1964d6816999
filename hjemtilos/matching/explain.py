"""Plain words for the engine's numbers: one sentence per factor, one label per exclusion.

Called only for the pairs a page shows (a child's top candidates, a proposal),
never for the whole matrix. English msgids, Danish translations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hjemtilos.matching import geo, text
from hjemtilos.matching.features import (
    NEEDS_MARKED,
    NEEDS_NONE,
    PET_WISH_CODES,
    WISH_CODES,
    Children,
    Families,
)
from hjemtilos.referrals.models import NeedTag

FACTOR_LABELS: dict[str, Any] = {
    "travel": gettext_lazy("Travel time"),
    "age_fit": gettext_lazy("The family's own children"),
    "wishes": gettext_lazy("The child's wishes"),
    "interests": gettext_lazy("Interests and languages"),
    "capacity": gettext_lazy("Capacity and needs"),
    "waiting": gettext_lazy("Waiting time"),
}
FACTOR_HELP: dict[str, Any] = {
    "travel": gettext_lazy(
        "1 at the door, falling evenly to 0 at the site's longest travel time. The longer "
        "of the trips from the family's home to the child's home and to the pickup place."
    ),
    "age_fit": gettext_lazy(
        "Judged against the child's wish. Older children: 1 if one is 1–6 years older, 0.5 if "
        "only older still. Same age: 1 within a year, 0.6 within two, 0.3 within three. "
        "Younger: as older. No children at home: 1 or 0. No wish: 1."
    ),
    "wishes": gettext_lazy(
        "The share of the wishes made that the family meets: a father figure (an adult man "
        "lives there), pets or no pets, no animal the child is allergic to. No wishes: 1."
    ),
    "interests": gettext_lazy(
        "Two thirds interests (1 with two shared, 0.5 with one, 0 with none; 0.5 when the "
        "child's interests are not recorded), one third language (1 when the family speaks "
        "the child's home language or the child speaks only Danish, otherwise 0.5)."
    ),
    "capacity": gettext_lazy(
        "1 when the family's capacity (overskud) matches the child's needs (none, some, "
        "marked: ADHD, autism or two needs or more); 0.5 one step short; 0 two steps short."
    ),
    "waiting": gettext_lazy(
        "Days since the referral was received, divided by 180 (at most 1). The same for "
        "every family: it lifts long-waiting children in the site-wide suggestion."
    ),
}
REASON_LABELS: dict[str, Any] = {
    "not_approved": gettext_lazy("not approved (applying, in vetting or resting)"),
    "no_room": gettext_lazy("already has as many children as agreed"),
    "vetting": gettext_lazy(
        "a certificate, the online course or an acceptance of the code of conduct is "
        "missing or out of date"
    ),
    "age": gettext_lazy("the child's age is outside what the family can take"),
    "needs": gettext_lazy("the family cannot take on one of the child's needs"),
    "weekday": gettext_lazy("no common weekday"),
    "travel": gettext_lazy("travel time over the site's limit"),
    "ended_early": gettext_lazy("a friendship with this child or a sibling ended early"),
    "declined": gettext_lazy("this pair was declined before"),
    "open_proposal": gettext_lazy("in another open match proposal"),
}
CAPACITY_WORDS = {
    0: gettext_lazy("limited capacity"),
    1: gettext_lazy("good capacity"),
    2: gettext_lazy("ample capacity"),
}
WISH_WORDS = {
    WISH_CODES["older"]: gettext_lazy("the child wished older children"),
    WISH_CODES["same_age"]: gettext_lazy("the child wished children of about the same age"),
    WISH_CODES["younger"]: gettext_lazy("the child wished younger children"),
    WISH_CODES["none_at_home"]: gettext_lazy("the child wished a family without children at home"),
    WISH_CODES[""]: gettext_lazy("the child has no wish about the family's children"),
}


@dataclass(frozen=True)
class FactorLine:
    name: str
    label: str
    score: float  # 0–1
    weight: int
    points: float  # what the factor adds to the total
    text: str


def join_words(words: list[str]) -> str:
    """ "a, b and c" in the current language."""
    words = [str(w) for w in words]
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def travel_text(
    *,
    minutes: float,
    transport: str,
    home_minutes: float,
    pickup_minutes: float,
    has_pickup: bool,
    pickup_label: str,
    home_label: str,
) -> str:
    how = geo.TRANSPORT[transport].label
    main = _("%(minutes)s min %(transport)s") % {"minutes": round(minutes), "transport": how}
    if has_pickup:
        detail = _(
            "%(pickup)s min to the pickup place in %(pickup_place)s, "
            "%(home)s min to the child's home in %(home_place)s"
        ) % {
            "pickup": round(pickup_minutes),
            "pickup_place": pickup_label,
            "home": round(home_minutes),
            "home_place": home_label,
        }
    else:
        detail = _("to the child's home in %(home_place)s") % {"home_place": home_label}
    return f"{main} ({detail})"


def children_words(ages: list[int]) -> str:
    if not ages:
        return _("no children at home")
    return ngettext("one child aged %(ages)s", "%(count)s children aged %(ages)s", len(ages)) % {
        "count": len(ages),
        "ages": join_words([str(a) for a in ages]),
    }


def age_fit_text(*, kid_ages: list[int], wish: int) -> str:
    return f"{_sentence(children_words(kid_ages))} — {WISH_WORDS[wish]}"


def wishes_text(children: Children, i: int, families: Families, j: int) -> str:
    parts = []
    if children.wish_father[i]:
        parts.append(
            _("an adult man lives there (a father figure was wished)")
            if families.has_man[j]
            else _("no adult man lives there, though the child wished a father figure")
        )
    pets = families.pets[j].strip()
    if children.wish_pets[i] == PET_WISH_CODES["would_like"]:
        parts.append(
            _("has pets (%(pets)s), as the child would like") % {"pets": pets}
            if families.has_pets[j]
            else _("no pets, though the child would like pets")
        )
    elif children.wish_pets[i] == PET_WISH_CODES["none"]:
        parts.append(
            _("has pets (%(pets)s), though the child wished no pets") % {"pets": pets}
            if families.has_pets[j]
            else _("no pets, as wished")
        )
    allergy = int(children.allergy_mask[i])
    if allergy:
        clash = text.animal_names(allergy & int(families.pet_mask[j]))
        parts.append(
            _("the family keeps %(animals)s, which the child is allergic to")
            % {"animals": join_words(clash)}
            if clash
            else _("no animals the child is allergic to (%(allergies)s)")
            % {"allergies": children.allergies[i]}
        )
    if not parts:
        return _("No special wishes")
    return _sentence("; ".join(parts))


def interests_text(children: Children, i: int, families: Families, j: int) -> str:
    liked = children.interests[i]
    if not liked:
        first = _("The child's interests are not recorded")
    else:
        common = sorted(liked & families.activities[j])
        first = (
            _("Shared interests: %(interests)s") % {"interests": join_words(common)}
            if common
            else _("No shared interests")
        )
    spoken = children.languages[i]
    if not spoken:
        return first
    common_languages = sorted(spoken & families.languages[j])
    if common_languages:
        second = _("speaks %(languages)s, like the child") % {
            "languages": join_words(common_languages)
        }
    else:
        second = _("does not speak the child's home language (%(languages)s)") % {
            "languages": join_words(sorted(spoken))
        }
    return f"{first}; {second}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def capacity_text(children: Children, i: int, families: Families, j: int) -> str:
    return _sentence(_capacity_text(children, i, families, j))


def _capacity_text(children: Children, i: int, families: Families, j: int) -> str:
    capacity = CAPACITY_WORDS[int(families.capacity[j])]
    level = int(children.need_level[i])
    if level == NEEDS_NONE:
        return _("%(capacity)s; the child has no recorded needs") % {"capacity": capacity}
    labels = dict(NeedTag.choices)
    needs = join_words([str(labels.get(t, t)) for t in children.need_tags[i]])
    if level == NEEDS_MARKED:
        return _("%(capacity)s; the child has marked needs (%(needs)s)") % {
            "capacity": capacity,
            "needs": needs,
        }
    return _("%(capacity)s; the child has some needs (%(needs)s)") % {
        "capacity": capacity,
        "needs": needs,
    }


def waiting_text(days: int) -> str:
    return ngettext(
        "Has waited %(days)s day since the referral was received",
        "Has waited %(days)s days since the referral was received",
        days,
    ) % {"days": days}


def ended_early_warning(first_name: str) -> str:
    return _("%(name)s was matched with this family before, and the friendship ended early.") % {
        "name": first_name
    }
