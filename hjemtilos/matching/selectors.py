"""Reads for the matching pages: waiting children, proposals, a suggestion run, figures.

Every list runs a fixed number of queries however many rows there are.
The engine's own reads (features for scoring) live in ``features``/``engine``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import (
    Avg,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.matching import policies
from hjemtilos.matching.models import (
    OPEN_RUN_STATUSES,
    OPEN_STATUSES,
    BookPhoto,
    DeclinedPair,
    FriendshipBook,
    MatchingSettings,
    MatchProposal,
    MatchProposalEvent,
    MatchWaitingTime,
    ProposalStatus,
    SuggestionRun,
    SuggestionRunStatus,
)
from hjemtilos.organisations.models import Site
from hjemtilos.referrals.models import Referral, ReferralEvent, ReferralStatus
from hjemtilos.volunteers.models import FamilyEvent, VolunteerFamily


def waiting_children(*, user: User, site_id: int | None = None) -> QuerySet[Referral]:
    """Children ready for matching at the user's sites, longest waiting first."""
    qs = (
        policies.visible_referrals(user)
        .filter(status=ReferralStatus.READY_FOR_MATCHING)
        .select_related("child", "site", "matching_profile")
    )
    if site_id:
        qs = qs.filter(site_id=site_id)
    return qs.order_by("received_at", "id")


def open_proposals_for(referral_ids: list[int]) -> dict[int, MatchProposal]:
    """The open proposal of each referral (one query for a page of children)."""
    return {
        p.referral_id: p
        for p in MatchProposal.objects.filter(
            referral_id__in=referral_ids, status__in=OPEN_STATUSES
        ).select_related("family")
    }


def referral_for_matching_or_404(*, user: User, pk: int) -> Referral:
    """A child's referral for matching: staff of its site (other roles 403; elsewhere 404)."""
    return fetch_or_refuse(
        Referral.objects.select_related(
            "child__family__postal_code",
            "child__school_postal_code",
            "site__municipality",
            "matching_profile",
        ),
        user=user,
        pk=pk,
        page=policies.can_match,
        visible=policies.can_match_child,
    )


def family_to_propose_or_404(*, referral: Referral, pk: int) -> VolunteerFamily:
    """A volunteer family of the referral's site, to propose for the child (else 404).

    The caller has the referral from ``referral_for_matching_or_404``; the
    service then checks every hard constraint.
    """
    return get_object_or_404(VolunteerFamily, pk=pk, site_id=referral.site_id)


def proposals_of_child(referral: Referral) -> list[MatchProposal]:
    return list(
        MatchProposal.objects.filter(child_id=referral.child_id)
        .select_related("family")
        .order_by("-created_at", "-id")
    )


def declined_pairs_of_child(referral: Referral) -> list[DeclinedPair]:
    return list(
        DeclinedPair.objects.filter(child_id=referral.child_id)
        .select_related("family")
        .order_by("-recorded_at")
    )


def proposal_list(
    *, user: User, status: str = "", site_id: int | None = None
) -> QuerySet[MatchProposal]:
    qs = policies.visible_proposals(user).select_related("child", "family", "site", "created_by")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if site_id:
        qs = qs.filter(site_id=site_id)
    return qs.order_by("-status_changed_at", "-id")


def proposal_for_matching_or_404(*, user: User, pk: int) -> MatchProposal:
    """A match proposal with both answers and its books: staff of its site (other roles 403;
    elsewhere 404)."""
    return fetch_or_refuse(
        MatchProposal.objects.select_related(
            "site",
            "referral__child__family__postal_code",
            "child",
            "family__postal_code",
            "created_by",
            "parent_answer_by",
            "family_answer_by",
            "books_sent_by",
            "first_meeting_staff",
            "friendship",
        ).prefetch_related(
            Prefetch("events", queryset=MatchProposalEvent.objects.select_related("by")),
            Prefetch(
                "books",
                queryset=FriendshipBook.objects.prefetch_related(
                    Prefetch("photos", queryset=BookPhoto.objects.order_by("uploaded_at", "id"))
                ),
            ),
        ),
        user=user,
        pk=pk,
        page=policies.can_match,
        visible=policies.can_handle_proposal,
    )


# A match's friendship books are written once both have said yes.
BOOK_STATUSES = (ProposalStatus.ACCEPTED, ProposalStatus.FRIENDSHIP)


def book_of_proposal_or_404(*, proposal: MatchProposal, kind: str) -> FriendshipBook:
    """One of the proposal's two books (from ``proposal_for_matching_or_404``), once accepted."""
    book = next((b for b in proposal.books.all() if b.kind == kind), None)
    if book is None or proposal.status not in BOOK_STATUSES:
        raise Http404
    return book


def photo_for_matching_or_404(*, user: User, pk: int) -> BookPhoto:
    """A friendship-book photo, for the staff of the match's site only (anyone else: 404)."""
    photos = BookPhoto.objects.select_related("book__proposal")
    return fetch_or_refuse(photos, user=user, pk=pk, visible=policies.can_view_photo)


def site_for_matching_or_404(*, user: User, pk: int) -> Site:
    """A site whose site-wide suggestion and settings the staff member runs (other roles 403)."""
    return fetch_or_refuse(
        Site.objects.select_related("municipality"),
        user=user,
        pk=pk,
        page=policies.can_match,
        visible=policies.can_match_site,
    )


def settings_for(site: Site) -> MatchingSettings:
    """The site's saved settings, or unsaved defaults."""
    return MatchingSettings.objects.filter(site=site).first() or MatchingSettings(site=site)


def latest_run(site: Site) -> SuggestionRun | None:
    """The site's newest computed suggestion."""
    return (
        SuggestionRun.objects.filter(site=site, status=SuggestionRunStatus.DONE)
        .order_by("-created_at", "-id")
        .first()
    )


@dataclass
class SuggestionState:
    """What the site-wide suggestion page shows about a site's runs."""

    done: SuggestionRun | None  # the newest computed run
    waiting: SuggestionRun | None  # the run a task worker has still to finish
    failed: SuggestionRun | None  # the newest run, when it failed
    stale: bool  # the pool changed since ``done`` was computed


# A run a task worker has still to finish; a site has at most one (a database constraint).
# The one definition: these pages and `services.runs.suggestion_request` both filter with it.
OPEN_RUN = Q(status__in=OPEN_RUN_STATUSES)


def suggestion_state(site: Site) -> SuggestionState:
    """The site's runs as the page shows them, in one query.

    The pool changed when a referral or a family of the site changed status, a
    proposal moved, or the site's matching settings were saved after the run.
    """
    since = OuterRef("finished_at")
    site_runs = SuggestionRun.objects.filter(site=site).order_by("-created_at", "-id")
    runs = list(
        site_runs.filter(
            OPEN_RUN
            | Q(pk=Subquery(site_runs.filter(status=SuggestionRunStatus.DONE).values("pk")[:1]))
            | Q(pk=Subquery(site_runs.values("pk")[:1]))
        ).annotate(
            pool_changed=ExpressionWrapper(
                Exists(ReferralEvent.objects.filter(referral__site=site, at__gt=since))
                | Exists(FamilyEvent.objects.filter(family__site=site, at__gt=since))
                | Exists(MatchProposalEvent.objects.filter(proposal__site=site, at__gt=since))
                | Exists(MatchingSettings.objects.filter(site=site, updated_at__gt=since)),
                output_field=BooleanField(),
            )
        )
    )
    done = next((r for r in runs if r.status == SuggestionRunStatus.DONE), None)
    return SuggestionState(
        done=done,
        waiting=next((r for r in runs if r.status in OPEN_RUN_STATUSES), None),
        failed=runs[0] if runs and runs[0].status == SuggestionRunStatus.FAILED else None,
        stale=bool(done and done.pool_changed),
    )


def open_run_or_none(site: Site) -> SuggestionRun | None:
    """The site's run waiting for or being computed by a task worker."""
    return SuggestionRun.objects.filter(OPEN_RUN, site=site).first()


@dataclass
class RunRow:
    referral: Referral
    optimal: VolunteerFamily | None
    optimal_score: float | None
    greedy: VolunteerFamily | None
    greedy_score: float | None
    # Still possible now: the child waits without an open proposal and the family is free.
    available: bool
    proposal: MatchProposal | None


def run_rows(run: SuggestionRun, rows: list[list[Any]]) -> list[RunRow]:
    """One page of a run's rows, checked against the current state (three queries)."""
    referral_ids = [row[0] for row in rows]
    family_ids = {row[k] for row in rows for k in (1, 3) if row[k] is not None}
    referrals = Referral.objects.select_related("child").in_bulk(referral_ids)
    families = VolunteerFamily.objects.in_bulk(list(family_ids))
    busy = MatchProposal.objects.filter(status__in=OPEN_STATUSES).filter(site_id=run.site_id)
    open_by_referral: dict[int, MatchProposal] = {}
    busy_families: set[int] = set()
    for proposal in busy.filter(referral_id__in=referral_ids) | busy.filter(
        family_id__in=list(family_ids)
    ):
        open_by_referral.setdefault(proposal.referral_id, proposal)
        busy_families.add(proposal.family_id)
    result = []
    for referral_id, optimal_id, optimal_score, greedy_id, greedy_score in rows:
        referral = referrals.get(referral_id)
        if referral is None:
            continue
        optimal = families.get(optimal_id) if optimal_id else None
        available = (
            referral.status == ReferralStatus.READY_FOR_MATCHING
            and referral_id not in open_by_referral
            and optimal is not None
            and optimal.pk not in busy_families
            and optimal.status in ("approved", "matched")
        )
        result.append(
            RunRow(
                referral=referral,
                optimal=optimal,
                optimal_score=optimal_score,
                greedy=families.get(greedy_id) if greedy_id else None,
                greedy_score=greedy_score,
                available=available,
                proposal=open_by_referral.get(referral_id),
            )
        )
    return result


@dataclass
class WaitingFigures:
    site: Site
    waiting: int
    open_proposals: int
    matched_last_year: int
    average_wait_days: float | None


def waiting_figures(sites: list[Site]) -> list[WaitingFigures]:
    """Per site: children waiting, open proposals and the average wait of last year's matches."""
    ids = [s.pk for s in sites]
    since = timezone.now() - timedelta(days=365)
    waiting = dict(
        Referral.objects.filter(site_id__in=ids, status=ReferralStatus.READY_FOR_MATCHING)
        .values_list("site_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    open_ = dict(
        MatchProposal.objects.filter(site_id__in=ids, status__in=OPEN_STATUSES)
        .values_list("site_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    waits: dict[int, dict[str, Any]] = {
        row["site_id"]: dict(row)
        for row in MatchWaitingTime.objects.filter(site_id__in=ids, accepted_at__gte=since)
        .values("site_id")
        .annotate(n=Count("id"), average=Avg("days"))
        .order_by()
    }
    return [
        WaitingFigures(
            site=site,
            waiting=waiting.get(site.pk, 0),
            open_proposals=open_.get(site.pk, 0),
            matched_last_year=waits.get(site.pk, {}).get("n", 0),
            average_wait_days=round(waits[site.pk]["average"]) if site.pk in waits else None,
        )
        for site in sites
    ]
