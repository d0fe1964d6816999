"""The proposal workflow: tasks, answers, the match, declines, withdrawal, the first meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from hjemtilos.demo.builders import build_referral
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.matching import engine, services
from hjemtilos.matching.models import (
    BookKind,
    DeclinedPair,
    MatchProposal,
    MatchWaitingTime,
    ProposalStatus,
    Side,
)
from hjemtilos.matching.tests.conftest import family_ids
from hjemtilos.referrals.models import ReferralStatus
from hjemtilos.referrals.services import referral_transition
from hjemtilos.volunteers.models import VolunteerFamilyStatus


def _tasks(kind: str, **subject) -> list[FollowUpTask]:
    return list(FollowUpTask.objects.filter(kind=kind, **subject))


def _yes(proposal, side, staff):
    return services.match_proposal_answer(proposal=proposal, side=side, accepted=True, by=staff)


@pytest.fixture
def proposal(make_child, make_family, staff):
    child = make_child(interests="fodbold")
    family = make_family(activities="fodbold", pets="en kat")
    return services.match_proposal_create(referral=child, family=family, by=staff)


def test_a_proposal_keeps_the_engine_s_explanation_and_creates_two_calls(proposal, staff):
    assert proposal.status == ProposalStatus.PROPOSED
    assert proposal.score > 0
    assert {line["factor"] for line in proposal.explanation} == {
        "travel",
        "age_fit",
        "wishes",
        "interests",
        "capacity",
        "waiting",
    }
    # Kept in both languages: a Danish and an English reader see the same reasons.
    travel = proposal.explanation[0]
    assert travel["text"]["da"].startswith("5 min. i bil")
    assert travel["text"]["en"].startswith("5 min by car")
    with translation.override("da"):
        assert proposal.explanation_lines()[0]["label"] == "Transporttid"
    parent_call = _tasks(FollowUpKind.PRESENT_MATCH_PARENT, referral=proposal.referral)
    family_call = _tasks(FollowUpKind.PRESENT_MATCH_FAMILY, volunteer_family=proposal.family)
    assert len(parent_call) == len(family_call) == 1
    assert parent_call[0].owner == staff and parent_call[0].is_open
    # Nothing is decided yet: the child still waits, the family is still approved.
    proposal.referral.refresh_from_db()
    proposal.family.refresh_from_db()
    assert proposal.referral.status == ReferralStatus.READY_FOR_MATCHING
    assert proposal.family.status == VolunteerFamilyStatus.APPROVED


def test_both_yes_makes_the_match(proposal, staff):
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        proposal = _yes(proposal, Side.PARENT, staff)
        assert proposal.status == ProposalStatus.PROPOSED
        proposal = _yes(proposal, Side.FAMILY, staff)
    assert proposal.status == ProposalStatus.ACCEPTED
    referral, family = proposal.referral, proposal.family
    referral.refresh_from_db()
    family.refresh_from_db()
    assert referral.status == ReferralStatus.MATCHED and referral.matched_at
    assert family.status == VolunteerFamilyStatus.MATCHED
    assert family.events.last().reason
    # The waiting time, received → accepted, is kept for the reports.
    waited = MatchWaitingTime.objects.get(proposal=proposal)
    assert waited.days == (waited.accepted_at - referral.received_at).days >= 2
    # Both calls are done; the books (prefilled) and their task are there.
    assert not FollowUpTask.objects.open().filter(kind=FollowUpKind.PRESENT_MATCH_PARENT).exists()
    assert _tasks(FollowUpKind.FRIENDSHIP_BOOKS, referral=referral)[0].is_open
    books = {b.kind: b for b in proposal.books.all()}
    assert books[BookKind.CHILD].likes == "fodbold"
    assert books[BookKind.FAMILY].pets == "en kat"
    assert "Lars" in books[BookKind.FAMILY].about


def test_a_no_returns_both_to_the_pool_and_the_pair_is_never_proposed_again(
    proposal, staff, make_family
):
    child = proposal.referral
    proposal = _yes(proposal, Side.FAMILY, staff)
    proposal = services.match_proposal_answer(
        proposal=proposal,
        side=Side.PARENT,
        accepted=False,
        reason="Vil hellere have hund",
        by=staff,
    )
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.parent_reason == "Vil hellere have hund"
    pair = DeclinedPair.objects.get()
    assert (pair.child_id, pair.family_id, pair.declined_by) == (
        child.child_id,
        proposal.family_id,
        "parent",
    )
    # The child is back among the waiting with other families; this one never again.
    other = make_family()
    ranking = engine.rank(child)
    assert family_ids(ranking) == [other.pk]
    assert {e.reason for e in ranking.pair_exclusions} == {"declined"}
    with pytest.raises(ValidationError):
        services.match_proposal_create(referral=child, family=proposal.family, by=staff)
    # The family is free for another child.
    assert proposal.family.pk in family_ids(engine.rank(_another_child(child)))


def _another_child(referral):
    return build_referral(
        site=referral.site,
        caseworker=referral.caseworker,
        status=ReferralStatus.READY_FOR_MATCHING,
        first_name="Alma",
        postal_code=referral.child.family.postal_code,
    )


def test_a_no_needs_a_reason_and_answers_are_given_once(proposal, staff):
    with pytest.raises(ValidationError):
        services.match_proposal_answer(
            proposal=proposal, side=Side.PARENT, accepted=False, reason=" ", by=staff
        )
    _yes(proposal, Side.PARENT, staff)
    with pytest.raises(ValidationError):
        _yes(proposal, Side.PARENT, staff)


def test_withdrawing_an_accepted_match_undoes_it(proposal, staff):
    _yes(proposal, Side.PARENT, staff)
    _yes(proposal, Side.FAMILY, staff)
    services.match_proposal_withdraw(
        proposal=proposal, by=staff, reason="Familien flytter", never_again=True
    )
    proposal.refresh_from_db()
    proposal.referral.refresh_from_db()
    proposal.family.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert proposal.referral.status == ReferralStatus.READY_FOR_MATCHING
    assert proposal.family.status == VolunteerFamilyStatus.APPROVED
    assert not MatchWaitingTime.objects.exists()
    assert not FollowUpTask.objects.open().filter(referral=proposal.referral).exists()
    assert DeclinedPair.objects.get().declined_by == "staff"


def _write_books(proposal, staff):
    for book in proposal.books.all():
        services.book_update(
            book=book, by=staff, data={"about": "Om os", "likes": "Skovture og bagning"}
        )


def test_the_books_cannot_be_marked_sent_before_both_pages_are_written(proposal, staff, login):
    _yes(proposal, Side.PARENT, staff)
    proposal = _yes(proposal, Side.FAMILY, staff)
    # Accepting filled in drafts from what is known; nobody has written the pages yet.
    with pytest.raises(ValidationError) as refused:
        services.books_mark_sent(proposal=proposal, by=staff)
    assert refused.value.code == "not_written"
    child_page = proposal.books.get(kind="child")
    services.book_update(
        book=child_page, by=staff, data={"about": "Jeg hedder Emma.", "likes": "Heste"}
    )
    client = login(staff)
    response = client.post(reverse("matching:books_sent", args=[proposal.pk]), follow=True)
    assert "Skriv begge sider af venskabsbøgerne" in response.text
    assert "ikke skrevet endnu: familiens side" in response.text
    proposal.refresh_from_db()
    assert proposal.books_sent_at is None
    assert FollowUpTask.objects.open().filter(kind=FollowUpKind.FRIENDSHIP_BOOKS).exists()
    # The page offers the button only once both are written.
    assert "Markér bøgerne som sendt" not in response.text
    # A page emptied again is not written.
    family_page = proposal.books.get(kind="family")
    services.book_update(book=family_page, by=staff, data={"about": "Vi er fire.", "likes": ""})
    with pytest.raises(ValidationError):
        services.books_mark_sent(proposal=proposal, by=staff)
    services.book_update(book=family_page, by=staff, data={"about": "Vi er fire.", "likes": "Ture"})
    page = client.get(reverse("matching:proposal", args=[proposal.pk]))
    assert "Markér bøgerne som sendt" in page.text
    services.books_mark_sent(proposal=proposal, by=staff)
    proposal.refresh_from_db()
    assert proposal.books_sent_at is not None


def test_scheduling_the_first_meeting_makes_the_friendship(proposal, staff):
    _yes(proposal, Side.PARENT, staff)
    proposal = _yes(proposal, Side.FAMILY, staff)
    _write_books(proposal, staff)
    services.books_mark_sent(proposal=proposal, by=staff)
    assert not FollowUpTask.objects.open().filter(kind=FollowUpKind.FRIENDSHIP_BOOKS).exists()
    when = timezone.now() + timedelta(days=10)
    proposal = services.first_meeting_schedule(proposal=proposal, by=staff, at=when, staff=staff)
    assert proposal.status == ProposalStatus.FRIENDSHIP
    friendship = Friendship.objects.get()
    assert friendship.status == FriendshipStatus.PLANNED
    assert friendship.first_meeting_at == when and friendship.contact_person == staff
    assert (friendship.child_id, friendship.family_id) == (proposal.child_id, proposal.family_id)
    meeting = FollowUpTask.objects.get(kind=FollowUpKind.FIRST_MEETING)
    assert meeting.friendship == friendship and meeting.owner == staff
    assert meeting.due_on == timezone.localdate(when)


def test_the_first_meeting_needs_a_future_time_and_a_staff_member_of_the_site(
    proposal, staff, other_staff
):
    _yes(proposal, Side.PARENT, staff)
    _yes(proposal, Side.FAMILY, staff)
    with pytest.raises(ValidationError) as past:
        services.first_meeting_schedule(
            proposal=proposal, by=staff, at=timezone.now() - timedelta(hours=1), staff=staff
        )
    assert "at" in past.value.message_dict
    with pytest.raises(ValidationError) as stranger:
        services.first_meeting_schedule(
            proposal=proposal,
            by=staff,
            at=timezone.now() + timedelta(days=3),
            staff=other_staff,
        )
    assert "staff" in stranger.value.message_dict
    assert not Friendship.objects.exists()


def test_the_database_allows_one_open_proposal_per_child_and_per_family(proposal, make_family):
    second = make_family()
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchProposal.objects.create(
            site=proposal.site,
            referral=proposal.referral,
            child=proposal.child,
            family=second,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchProposal.objects.create(
            site=proposal.site,
            referral=proposal.referral,
            child=proposal.child,
            family=proposal.family,
            status=ProposalStatus.ACCEPTED,
        )


def test_a_closed_proposal_frees_the_family_for_a_new_one(proposal, staff, make_child):
    services.match_proposal_withdraw(proposal=proposal, by=staff, reason="Fejl")
    again = services.match_proposal_create(referral=make_child(), family=proposal.family, by=staff)
    assert again.status == ProposalStatus.PROPOSED


def test_a_withdrawn_referral_cannot_be_accepted(proposal, staff):
    referral_transition(
        referral=proposal.referral, to_status=ReferralStatus.WITHDRAWN, by=staff, reason="Flyttet"
    )
    _yes(proposal, Side.PARENT, staff)
    with pytest.raises(ValidationError):
        _yes(proposal, Side.FAMILY, staff)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED and proposal.family_answer == ""
