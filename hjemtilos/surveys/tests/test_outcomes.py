"""The outcome figures from answers given through the real services: every share and its n.

Ten friendships end today. All ten parents answered the baseline a year ago;
eight answered at the end (one of them on the phone to staff); Lars answered
for nine volunteer families and Mette for two; the child's voice was recorded
in three running friendships.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemtilos.friendships.contacts import guardians, volunteer_adults
from hjemtilos.friendships.models import FriendshipStatus
from hjemtilos.surveys.models import Survey, SurveyInvitation
from hjemtilos.surveys.outcomes import ItemFigure, Outcomes, Share, SurveyFigures, outcomes
from hjemtilos.surveys.selectors import current_version
from hjemtilos.surveys.services import (
    child_voice_record,
    invitation_consent,
    invitation_create,
    invitations_send,
    response_record_for_invitation,
    response_submit,
)

pytestmark = pytest.mark.django_db

PARENTS = 10
# The outcomes page's statements however many answers (session, user, sites, figures);
# two fewer when no parent has answered both surveys (the pairs' answers are not read).
OUTCOMES_PAGE_QUERIES = 18
END_ANSWERS = 8


def spread(*groups: tuple[str, int]) -> list[str]:
    """("very_high", 5), ("high", 2) → five "very_high" then two "high"."""
    return [value for value, count in groups for _ in range(count)]


END = {
    "expectations_met": spread(("very_high", 5), ("high", 2), ("some", 1)),
    "new_relations": spread(("very_high", 4), ("high", 3), ("some", 1)),
    "other_family_life": spread(("very_high", 3), ("high", 4), ("low", 1)),
    "happier": spread(("very_high", 3), ("high", 2), ("some", 2), ("low", 1)),
    "good_experiences": spread(("very_high", 8)),
    "free_space": spread(("high", 6), ("some", 2)),
    "significance": spread(("very_large", 5), ("large", 3)),
    "good_match": spread(("very_high", 6), ("high", 2)),
    "wellbeing_now": spread(("good", 6), ("fair", 2)),
    "other_adults": spread(("yes", 7), ("no", 1)),
    "wish_continue": ["yes"] * 5 + ["no"] + ["yes"] * 2,
}


def baseline_answers(i: int) -> dict[str, Any]:
    expectations = ["new_relations", "good_experiences"] if i != 9 else ["more_energy"]
    if i < 8:
        expectations.append("other_family_life")
    if i < 7:
        expectations.append("free_space")
    if i < 2:
        expectations.append("language")
    return {
        "expectations": expectations,
        "wellbeing_now": "good" if i < 4 else "fair",
        "other_adults": "yes" if i < 3 else "no",
        "hopes": f"At barn {i} får flere voksne at gå til.",
    }


def family_answers(wish: str) -> dict[str, Any]:
    return {
        "wish_continue": wish,
        "continue_frequency": "fortnightly" if wish == "yes" else "",
        "staff_support": "very_high",
        "prepared": "high",
        "supervision_use": "most",
        "another_child": "yes",
        "recommend": "very_high",
    }


def by_link(invitation: SurveyInvitation, answers: dict[str, Any]) -> None:
    invitation_consent(invitation=invitation)
    response_submit(invitation=invitation, answers=answers)


@pytest.fixture
def answered(make_friendship, staff) -> list[Any]:
    today = timezone.localdate()
    baseline = Survey.objects.get(key="parent_baseline")
    version = current_version(baseline)
    assert version is not None
    friendships = [
        make_friendship(
            started_on=today.replace(year=today.year - 1),
            status=FriendshipStatus.COMPLETED,
            ended_on=today,
        )
        for _ in range(PARENTS)
    ]
    for i, friendship in enumerate(friendships):
        [parent] = guardians(friendship)
        invitation = invitation_create(
            survey=baseline,
            version=version,
            friendship=friendship,
            person=parent,
            occasion_on=friendship.started_on,
        )
        assert invitation is not None
        by_link(invitation, baseline_answers(i))
    assert invitations_send() == PARENTS * 3  # the parent and two adults each
    for i, friendship in enumerate(friendships):
        invitations = {
            invitation.respondent_key: invitation
            for invitation in SurveyInvitation.objects.filter(
                friendship=friendship, survey__moment="end"
            )
        }
        [parent] = guardians(friendship)
        lars, mette = sorted(volunteer_adults(friendship), key=lambda p: p.first_name)
        if i < END_ANSWERS:
            answers = {key: values[i] for key, values in END.items()}
            if i == 7:  # told staff on the phone instead
                response_record_for_invitation(
                    invitation=invitations[parent.key], by=staff, answers=answers, consent=True
                )
            else:
                by_link(invitations[parent.key], answers)
        if i < 9:
            by_link(invitations[lars.key], family_answers("no" if i == 2 else "yes"))
        if i < 2:
            by_link(invitations[mette.key], family_answers("yes"))
    for smiley in ("great", "great", "good"):
        running = make_friendship(started_on=today - timedelta(weeks=18))
        child_voice_record(
            friendship=running,
            by=staff,
            consent=True,
            visited_on=today - timedelta(days=3),
            answers={
                "visits_feel": smiley,
                "looking_forward": "good",
                "grown_ups": "great",
                "say_in_it": "yes",
                "best_thing": "At lege med hunden.",
            },
        )
    return friendships


@pytest.fixture
def figures(answered, site) -> Outcomes:
    today = timezone.localdate()
    return outcomes(site_ids=[site.pk], start=today - timedelta(days=400), end=today)


def survey_of(figures: Outcomes, key: str) -> SurveyFigures:
    found = figures.survey(key)
    assert found is not None, key
    return found


def item_of(figures: Outcomes, survey: str, key: str) -> ItemFigure:
    item = survey_of(figures, survey).item(key)
    assert item is not None, key
    return item


def positive(figures: Outcomes, survey: str, key: str) -> Share:
    share = item_of(figures, survey, key).positive
    assert share is not None, key
    return share


def test_each_parent_end_item_as_the_share_answering_to_a_high_degree(figures):
    parent_end = survey_of(figures, "parent_end")
    assert parent_end.response_rate == Share(8, 10)
    expected = {
        "expectations_met": Share(7, 8),
        "new_relations": Share(7, 8),
        "other_family_life": Share(7, 8),
        "happier": Share(5, 8),
        "good_experiences": Share(8, 8),
        "free_space": Share(6, 8),
        "significance": Share(8, 8),
        "good_match": Share(8, 8),
        "wellbeing_now": Share(6, 8),
        "other_adults": Share(7, 8),
        "wish_continue": Share(7, 8),
    }
    assert {key: positive(figures, "parent_end", key) for key in expected} == expected
    assert positive(figures, "parent_end", "happier").percent == 62.5
    match = item_of(figures, "parent_end", "good_match")
    assert [(o.key, o.share.part, o.share.percent) for o in match.options] == [
        ("very_high", 6, 75.0),
        ("high", 2, 25.0),
        ("some", 0, 0.0),
        ("low", 0, 0.0),
        ("not_at_all", 0, 0.0),
    ]
    assert item_of(figures, "parent_end", "significance").positive_label == "stor eller meget stor"


def test_baseline_expectations_as_the_share_of_parents_who_ticked_each(figures):
    baseline = survey_of(figures, "parent_baseline")
    assert baseline.response_rate == Share(10, 10)
    expectations = item_of(figures, "parent_baseline", "expectations")
    assert expectations.n == 10
    ticked = {o.key: o.share for o in expectations.options}
    assert ticked == {
        "new_relations": Share(9, 10),
        "good_experiences": Share(9, 10),
        "other_family_life": Share(8, 10),
        "free_space": Share(7, 10),
        "more_energy": Share(1, 10),
        "more_calm": Share(0, 10),
        "language": Share(2, 10),
        "school": Share(0, 10),
        "new_activities": Share(0, 10),
    }
    assert positive(figures, "parent_baseline", "wellbeing_now") == Share(4, 10)
    # The parents' own words, quoted without a name, in alphabetical order.
    assert len(baseline.comments) == 10
    assert baseline.comments[0][1] == "At barn 0 får flere voksne at gå til."


def test_baseline_against_end_for_the_same_families(figures):
    assert figures.pairs == 8
    paired = {p.key: (p.start, p.end) for p in figures.paired}
    assert paired == {
        "new_relations": (Share(8, 8), Share(7, 8)),
        "good_experiences": (Share(8, 8), Share(8, 8)),
        "other_family_life": (Share(8, 8), Share(7, 8)),
        "free_space": (Share(7, 8), Share(6, 8)),
        "wellbeing_now": (Share(4, 8), Share(6, 8)),
        "other_adults": (Share(3, 8), Share(7, 8)),
    }


def test_the_wish_to_continue_of_parents_families_and_matches(figures):
    assert figures.continuation.parents == Share(7, 8)
    assert figures.continuation.families == Share(10, 11)
    # Nine matches have an answer; two have a "no" from someone (parent 5, Lars 2).
    assert figures.continuation.matches == Share(7, 9)
    family_end = survey_of(figures, "family_end")
    assert family_end.response_rate == Share(11, 20)
    assert positive(figures, "family_end", "staff_support") == Share(11, 11)
    frequency = {
        o.key: o.share for o in item_of(figures, "family_end", "continue_frequency").options
    }
    assert frequency["fortnightly"] == Share(10, 10)


def test_the_childs_voice_recorded_by_staff(figures):
    child = survey_of(figures, "child_voice")
    assert child.response_rate == Share(3, 3)
    assert positive(figures, "child_voice", "visits_feel") == Share(3, 3)
    assert [(o.key, o.share.part) for o in item_of(figures, "child_voice", "visits_feel").options][
        :2
    ] == [
        ("great", 2),
        ("good", 1),
    ]
    assert child.comments == []  # fewer than five children: their words are not quoted


def test_the_period_and_the_sites_choose_the_answers(answered, site, other_site):
    today = timezone.localdate()
    recent = outcomes(site_ids=[site.pk], start=today - timedelta(days=30), end=today)
    assert survey_of(recent, "parent_baseline").answered == 0  # the baselines were a year ago
    assert survey_of(recent, "parent_end").answered == 8
    assert recent.pairs == 8  # the same families' baselines count whenever they were given
    elsewhere = outcomes(site_ids=[other_site.pk], start=today - timedelta(days=400), end=today)
    assert [s.answered for s in elsewhere.surveys] == [0, 0, 0, 0]
    assert elsewhere.continuation.matches == Share(0, 0)


# The page -------------------------------------------------------------------------------


def report_url(**params: str) -> str:
    today = timezone.localdate()
    query = {"start": (today - timedelta(days=400)).isoformat(), "end": today.isoformat()}
    return "/spoergeskemaer/udbytte/?" + urlencode({**query, **params})


def test_staff_read_each_share_with_its_n_on_the_page(answered, login, staff):
    client = login(staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(report_url())
    assert page.status_code == 200
    assert len(queries) == OUTCOMES_PAGE_QUERIES
    text = page.content.decode()
    assert "7 af 8 (88 %)" in text  # expectations met, to a high degree
    assert "8 af 10 (80 %)" in text  # the end survey's response rate
    assert "3 af 3 (100 %)" in text  # the child's voice, recorded by staff
    assert "<svg" in text and 'role="img"' in text  # the chart beside the table
    assert "/rapporter/" in text


def test_evaluators_and_downloads_hide_small_numbers(answered, login, evaluator, staff):
    page = login(evaluator).get(report_url()).content.decode()
    assert "7 af 8 (88 %)" in page
    assert "3 af 3 (100 %)" not in page  # three children: hidden
    assert "&lt; 5" in page
    download = login(staff).get(report_url(format="csv"))
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    by_item = {(row[0], row[1], row[2]): row[3:] for row in rows}
    assert by_item["Forældre ved afslutning", "Svarprocent", "besvaret"] == ["8", "10", "80"]
    child_rate = by_item["Barnets stemme ved børnebesøget", "Svarprocent", "besvaret"]
    assert child_rate == ["< 5", "< 5", ""]


def test_the_page_without_answers_says_so(login, staff):
    client = login(staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(report_url())
    assert len(queries) == OUTCOMES_PAGE_QUERIES - 2
    text = page.content.decode()
    assert "Ingen svar i perioden." in text
    assert "Ingen forælder i perioden har endnu besvaret begge spørgeskemaer." in text
    # A period that ends before it starts is refused, with the reason.
    assert login(staff).get(report_url(end="2020-01-01")).status_code == 400


def test_only_report_readers_see_the_outcomes(login, caseworker, administrator, advisory, site):
    for user in (caseworker, administrator, advisory):
        assert login(user).get(report_url()).status_code == 403
