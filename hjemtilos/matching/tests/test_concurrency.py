"""Two staff members proposing at the same moment cannot double-book a family (PostgreSQL).

Each thread has its own database connection and transaction, as two web
requests would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from hjemtilos.matching import services
from hjemtilos.matching.models import MatchProposal, ProposalStatus
from hjemtilos.referrals.models import Referral
from hjemtilos.volunteers.models import VolunteerFamily

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_thread(target: Callable[[], Any], results: dict[str, Any], name: str) -> threading.Thread:
    def run() -> None:
        try:
            results[name] = target()
        except Exception as error:  # the test inspects what happened
            results[name] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


def test_the_second_open_proposal_for_a_family_waits_for_the_first_and_is_refused(
    make_child, make_family
):
    """The partial unique index holds while the first transaction is still open."""
    first, second = make_child(), make_child()
    family = make_family()
    inserted = threading.Event()
    results: dict[str, Any] = {}

    def open_first() -> int:
        with transaction.atomic():
            proposal = MatchProposal.objects.create(
                site_id=first.site_id, referral=first, child_id=first.child_id, family=family
            )
            inserted.set()
            # Keep the transaction open while the other one tries.
            threading.Event().wait(0.5)
        return proposal.pk

    def open_second() -> int:
        inserted.wait(5)
        with transaction.atomic():
            return MatchProposal.objects.create(
                site_id=second.site_id, referral=second, child_id=second.child_id, family=family
            ).pk

    threads = [in_thread(open_first, results, "first"), in_thread(open_second, results, "second")]
    for thread in threads:
        thread.join(10)
    assert isinstance(results["first"], int)
    assert isinstance(results["second"], IntegrityError)
    assert MatchProposal.objects.filter(family=family).count() == 1


def test_two_staff_proposing_the_same_family_at_once_get_one_proposal(
    make_child, make_family, staff
):
    family = make_family()
    for _round in range(4):
        children = [make_child(), make_child()]
        barrier = threading.Barrier(2)
        results: dict[str, Any] = {}

        def propose(referral: Referral, barrier: threading.Barrier = barrier) -> Callable[[], int]:
            def go() -> int:
                barrier.wait(5)
                return services.match_proposal_create(
                    referral=Referral.objects.get(pk=referral.pk),
                    family=VolunteerFamily.objects.get(pk=family.pk),
                    by=staff,
                ).pk

            return go

        threads = [
            in_thread(propose(child), results, f"staff-{n}") for n, child in enumerate(children)
        ]
        for thread in threads:
            thread.join(20)
        won = [r for r in results.values() if isinstance(r, int)]
        lost = [r for r in results.values() if isinstance(r, ValidationError)]
        assert len(won) == 1 and len(lost) == 1, results
        assert (
            MatchProposal.objects.filter(
                family=family, status__in=(ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED)
            ).count()
            == 1
        )
        # Free the family for the next round.
        services.match_proposal_withdraw(
            proposal=MatchProposal.objects.get(pk=won[0]), by=staff, reason="Ny runde"
        )


def test_a_withdrawal_racing_a_decline_sees_the_decline_and_is_refused(
    make_child, make_family, staff
):
    """``proposal_transition`` locks the row itself: a caller holding a stale copy waits for
    the other move and is then judged on the status as it is, not as it was read."""
    proposal = services.match_proposal_create(referral=make_child(), family=make_family(), by=staff)
    stale = MatchProposal.objects.get(pk=proposal.pk)  # read before the decline
    declining = threading.Event()
    results: dict[str, Any] = {}

    def decline() -> str:
        with transaction.atomic():
            moved = services.proposal_transition(
                proposal=MatchProposal.objects.get(pk=proposal.pk),
                to_status=ProposalStatus.DECLINED,
                by=staff,
            )
            declining.set()
            threading.Event().wait(0.5)  # still uncommitted while the other one tries
        return moved.status

    def withdraw() -> str:
        declining.wait(5)
        return services.proposal_transition(
            proposal=stale, to_status=ProposalStatus.WITHDRAWN, by=staff, reason="Trukket"
        ).status

    threads = [in_thread(decline, results, "decline"), in_thread(withdraw, results, "withdraw")]
    for thread in threads:
        thread.join(10)
    assert results["decline"] == ProposalStatus.DECLINED
    assert isinstance(results["withdraw"], ValidationError)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert [e.to_status for e in proposal.events.all()] == [
        ProposalStatus.PROPOSED,
        ProposalStatus.DECLINED,
    ]
