"""The instruments as versioned data: administrators draft, change and publish a new version;
a published one never changes; a question's key keeps its meaning across versions."""

from __future__ import annotations

import pytest

from hjemtilos.surveys.models import Survey, SurveyInvitation
from hjemtilos.surveys.selectors import current_version
from hjemtilos.surveys.services import invitations_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def baseline() -> Survey:
    return Survey.objects.get(key="parent_baseline")


def test_the_four_instruments_are_shipped_worded_from_the_evaluation(login, administrator):
    page = login(administrator).get("/spoergeskemaer/").content.decode()
    for name in (
        "Forældre ved start",
        "Forældre ved afslutning",
        "Venskabsfamilien ved afslutning",
        "Barnets stemme ved børnebesøget",
    ):
        assert name in page
    parent_end = current_version(Survey.objects.get(key="parent_end"))
    assert parent_end is not None
    keys = [q.key for q in parent_end.questions.order_by("position")]
    assert keys[:3] == ["expectations_met", "new_relations", "other_family_life"]
    assert "good_match" in keys and "significance" in keys


def test_an_administrator_drafts_changes_and_publishes_a_new_version(
    login, administrator, baseline, make_friendship
):
    client = login(administrator)
    first = current_version(baseline)
    assert first is not None
    # The published version cannot be changed.
    assert client.get(f"/spoergeskemaer/version/{first.pk}/tekster/").status_code == 403

    drafted = client.post(f"/spoergeskemaer/{baseline.pk}/ny-version/")
    draft = baseline.versions.order_by("-number").first()
    assert draft is not None and draft.number == first.number + 1 and not draft.is_published
    assert drafted["Location"] == f"/spoergeskemaer/version/{draft.pk}/"
    assert [q.key for q in draft.questions.all()] == [q.key for q in first.questions.all()]

    # A new question; a kind that an earlier version's key had otherwise is refused.
    add = f"/spoergeskemaer/version/{draft.pk}/nyt-spoergsmaal/"
    question = {
        "key": "wellbeing_now",
        "kind": "text",
        "text_da": "Hvordan har dit barn det?",
        "text_en": "How is your child?",
        "help_da": "",
        "help_en": "",
        "required": "",
        "options_text": "",
    }
    refused = client.post(add, question)
    assert refused.status_code == 400
    assert "Hvordan har dit barn det?" in refused.content.decode()  # kept
    question["key"] = "sleep"
    question["kind"] = "single"
    question["text_da"] = "Hvordan sover dit barn?"
    question["options_text"] = "well | Godt | Well\nbadly"
    assert client.post(add, question).status_code == 400  # a line without its three parts
    question["options_text"] = "well | Godt | Well\nbadly | Dårligt | Badly"
    assert client.post(add, question).status_code == 302
    assert draft.questions.filter(key="sleep").exists()

    # Published: new invitations use it; it can no longer be changed.
    assert client.post(f"/spoergeskemaer/version/{draft.pk}/offentliggoer/").status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert current_version(baseline) == draft
    assert client.get(f"/spoergeskemaer/version/{draft.pk}/tekster/").status_code == 403
    make_friendship()
    invitations_send()
    assert SurveyInvitation.objects.get(guardian__isnull=False).version == draft
    first.refresh_from_db()
    assert first.questions.filter(key="sleep").exists() is False  # the old wording stays


def test_only_administrators_keep_the_instruments(login, staff, evaluator, baseline):
    for user in (staff, evaluator):
        client = login(user)
        assert client.get("/spoergeskemaer/").status_code == 200  # they may read the wording
        assert client.post(f"/spoergeskemaer/{baseline.pk}/ny-version/").status_code == 403
    assert baseline.versions.count() == 1
