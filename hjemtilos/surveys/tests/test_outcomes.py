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

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from hjemtilos.core.dates import years_before
from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.friendships.contacts import guardians, volunteer_adults
from hjemtilos.friendships.models import FriendshipStatus
from hjemtilos.surveys.models import Question, SurveyInvitation
from hjemtilos.surveys.outcomes import ItemFigure, Outcomes, Share, SurveyFigures, outcomes
from hjemtilos.surveys.services import (
    child_voice_record,
    invitation_consent,
    invitations_send,
    response_record_for_invitation,
    response_submit,
)
from hjemtilos.surveys.tests.conftest import parent_baseline_invitation

pytestmark = pytest.mark.django_db

PARENTS = 10
# The outcomes page's statements however many answers (session, user, second factor, the
# reader's sites twice, then the figures' twelve), with or without any answers.
OUTCOMES_PAGE_QUERIES = 17
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


def ended_today_with_baseline(make_friendship: Any, i: int) -> Any:
    """A friendship that ends today, whose parent answered the baseline a year ago."""
    today = timezone.localdate()
    friendship = make_friendship(
        started_on=years_before(today, 1),
        status=FriendshipStatus.COMPLETED,
        ended_on=today,
    )
    by_link(parent_baseline_invitation(friendship), baseline_answers(i))
    return friendship


@pytest.fixture
def answered(make_friendship, staff) -> list[Any]:
    friendships = [ended_today_with_baseline(make_friendship, i) for i in range(PARENTS)]
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
    today = timezone.localdate()
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


# The report: page, downloads, API --------------------------------------------------------

URL = "/rapporter/udbytte/"


def period(**params: str) -> dict[str, str]:
    today = timezone.localdate()
    return {"start": (today - timedelta(days=400)).isoformat(), "end": today.isoformat(), **params}


def shown(page: Any, table: str) -> dict[str, list[str]]:
    """A table of the page's report as row key → the cells as shown."""
    [found] = [t for t in page.context["report"].tables if t.table.key == table]
    return {row.key: [cell.display for cell in row.cells] for row in found.rows}


def test_staff_read_each_share_with_its_n_on_the_page(answered, login, staff):
    client = login(staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(URL, period())
    assert page.status_code == 200
    assert len(queries) == OUTCOMES_PAGE_QUERIES
    end = shown(page, "parent_end")
    assert end["expectations_met"] == ["i høj eller meget høj grad", "7 af 8 (88 %)"]
    assert end["happier"][1] == "5 af 8 (63 %)"
    assert end["good_match"][1] == "8 af 8 (100 %)"
    assert end["significance"] == ["stor eller meget stor", "8 af 8 (100 %)"]
    expectations = shown(page, "parent_baseline-expectations")
    assert expectations["new_relations"] == ["9 af 10 (90 %)"]
    assert expectations["more_calm"] == ["0 af 10 (0 %)"]
    every = shown(page, "parent_end-answers")
    assert every["good_match-very_high"] == ["I meget høj grad", "6 af 8 (75 %)"]
    assert every["good_match-high"] == ["I høj grad", "2 af 8 (25 %)"]
    assert shown(page, "continuation") == {
        "parents": ["7 af 8 (88 %)"],
        "families": ["10 af 11 (91 %)"],
        "matches": ["7 af 9 (78 %)"],
    }
    assert shown(page, "start_end")["other_adults"][1::2] == ["3 af 8 (38 %)", "7 af 8 (88 %)"]
    html = page.content.decode()
    assert "Svarprocent: 8 af 10 (80 %)" in html  # the end survey's response rate
    assert "Svarprocent: 3 af 3 (100 %)" in html  # the child's voice, recorded by staff
    assert "7 af 8 (88 %)" in html
    assert "At barn 0 får flere voksne at gå til." in html  # their own words, ten answered
    assert "<svg" in html and 'role="img"' in html  # the charts beside the tables
    # The old address keeps working, with its filters (and its CSV link).
    old = client.get("/spoergeskemaer/udbytte/", period(site=str(staff.pk)))
    assert old.status_code == 302 and old["Location"].startswith(URL + "?start=")
    old_csv = client.get("/spoergeskemaer/udbytte/", {"format": "csv"})
    assert old_csv["Location"] == f"{URL}csv/"


def test_the_downloads_and_the_api_give_the_same_shares_and_n(answered, login, staff):
    client = login(staff)
    client.cookies["django_language"] = "en"
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"{URL}csv/", period()).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    # In a file, a share is its part, its n and its whole percentage.
    happier = Question.objects.filter(key="happier").latest("pk").text_en
    assert ["Parents", "7", "8", "88"] in rows
    assert [happier, "to a high or very high degree", "5", "8", "63"] in rows
    good_match = Question.objects.filter(key="good_match").latest("pk").text_en
    assert [good_match, "To a very high degree", "6", "8", "75"] in rows  # every answer
    assert [happier, "To some degree", "< 5", "8", ""] in rows  # two parents: hidden in files
    assert ["Response rate", "8 of 10 (80 %)"] in rows
    book = load_workbook(io.BytesIO(client.get(f"{URL}xlsx/", period()).content))
    continuation = book[book.sheetnames[1]]
    cells = {row[0]: row[1:] for row in continuation.iter_rows(values_only=True) if row[0]}
    assert cells["Parents"][:3] == (7, 8, 88)
    assert cells["Volunteer families"][:3] == (10, 11, 91)
    assert cells["Matches where everyone answering wants to continue"][:3] == (7, 9, 78)

    pdf = client.get(f"{URL}pdf/", period())
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")

    api = client.get("/api/reports/udbytte", period()).json()
    tables = {table["key"]: table for table in api["tables"]}
    end = {row["key"]: row["cells"][1] for row in tables["parent_end"]["rows"]}
    assert [
        (end[k]["part"], end[k]["n"], end[k]["percent"]) for k in ("happier", "good_match")
    ] == [
        (5, 8, 62.5),
        (8, 8, 100.0),
    ]
    rate = tables["parent_end"]["response_rate"]
    assert (rate["part"], rate["n"], rate["percent"]) == (8, 10, 80.0)
    paired = {row["key"]: row["cells"] for row in tables["start_end"]["rows"]}
    assert (paired["wellbeing_now"][1]["part"], paired["wellbeing_now"][3]["part"]) == (4, 6)
    assert api["suppressed"] is False


def test_the_report_costs_the_same_with_more_answers(answered, login, staff, make_friendship):
    """The page, its downloads and the API: a fixed number of statements however many
    surveys were answered."""

    def more_answers() -> None:
        for i in range(3):
            ended_today_with_baseline(make_friendship, i)
        invitations_send()
        for invitation in SurveyInvitation.objects.filter(
            survey__moment="end", response__isnull=True, status="sent"
        ):
            answers = (
                {key: values[0] for key, values in END.items()}
                if invitation.guardian_id
                else family_answers("yes")
            )
            by_link(invitation, answers)

    client = login(staff)
    get_page_before_and_after(
        client,
        URL,
        data=period(),
        queries=OUTCOMES_PAGE_QUERIES,
        name="the outcomes report",
        change=more_answers,
    )
    # The page's own statements (session, user, second factor, sites, form) are the files'.
    get_page(client, f"{URL}csv/", data=period(), queries=OUTCOMES_PAGE_QUERIES, name="CSV")
    get_page(client, f"{URL}xlsx/", data=period(), queries=OUTCOMES_PAGE_QUERIES, name="XLSX")
    get_page(
        client, "/api/reports/udbytte", data=period(), queries=OUTCOMES_PAGE_QUERIES, name="API"
    )


def test_evaluators_and_downloads_hide_small_numbers(answered, login, evaluator, staff):
    page = login(evaluator).get(URL, period())
    assert shown(page, "parent_end")["expectations_met"][1] == "7 af 8 (88 %)"
    assert shown(page, "child_voice")["visits_feel"][1] == "< 5"  # three children: hidden
    html = page.content.decode()
    assert "3 af 3 (100 %)" not in html
    api = login(evaluator).get("/api/reports/udbytte", period()).json()
    child = next(t for t in api["tables"] if t["key"] == "child_voice")
    assert child["response_rate"]["display"] == "< 5" and child["response_rate"]["suppressed"]
    # Staff see the three children, but not in a file that travels.
    download = login(staff).get(f"{URL}csv/", period()).content.decode("utf-8-sig")
    assert "3;3;100" not in download and "< 5" in download


def test_the_page_without_answers_says_so(login, staff):
    client = login(staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(URL, period())
    assert len(queries) == OUTCOMES_PAGE_QUERIES
    text = page.content.decode()
    assert "Ingen svar i perioden." in text
    assert "Ingen forælder i perioden har endnu besvaret begge spørgeskemaer." in text
    # A period that ends before it starts is refused, with the reason.
    assert client.get(URL, period(end="2020-01-01")).status_code == 400


def test_only_report_readers_see_the_outcomes(login, caseworker, administrator, advisory, site):
    for user in (caseworker, administrator, advisory):
        client = login(user)
        assert client.get(URL, period()).status_code == 403
        assert client.get("/spoergeskemaer/udbytte/").status_code == 403
