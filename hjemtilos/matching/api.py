"""Matching in the JSON API: ranked candidates, proposals and answers, the site-wide run.

The same policies as the pages: programme staff of the child's site only;
everyone else gets 403, and objects outside the caller's sites 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from ninja import Router, Status

from hjemtilos.api.schemas import answers
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.matching import engine, selectors, services
from hjemtilos.matching.models import MatchProposal
from hjemtilos.matching.schemas import (
    AnswerIn,
    ProposalIn,
    ProposalOut,
    RankingOut,
    SuggestionOut,
)
from hjemtilos.privacy.audit import audit_read
from hjemtilos.referrals.models import ReferralStatus
from hjemtilos.volunteers.models import VolunteerFamily

router = Router(tags=["matching"])


def _proposal_out(proposal: MatchProposal) -> dict[str, Any]:
    return {
        "id": proposal.pk,
        "referral_id": proposal.referral_id,
        "family_id": proposal.family_id,
        "status": proposal.status,
        "score": proposal.score,
        "parent_answer": proposal.parent_answer,
        "family_answer": proposal.family_answer,
        "created_at": proposal.created_at,
        "accepted_at": proposal.accepted_at,
        "first_meeting_at": proposal.first_meeting_at,
        "friendship_id": proposal.friendship_id,
    }


@router.get(
    "/children/{referral_id}/candidates",
    response=answers(RankingOut, refused=(403, 404)),
    url_name="matching_candidates",
)
def candidates(request: AuthenticatedHttpRequest, referral_id: int, limit: int = 20) -> Any:
    """A waiting child's candidate families, best first, explained; and who was left out."""
    referral = selectors.referral_for_matching_or_404(user=request.user, pk=referral_id)
    if referral.status != ReferralStatus.READY_FOR_MATCHING:
        raise Http404
    ranking = engine.rank(referral, limit=max(1, min(limit, engine.CANDIDATES_MAX)))
    audit_read(
        request, referral.child, [VolunteerFamily(pk=c.family_id) for c in ranking.candidates]
    )
    return {
        "referral_id": referral.pk,
        "pool": ranking.pool,
        "free": ranking.free,
        "allowed": ranking.allowed,
        "candidates": [
            {
                "family_id": c.family_id,
                "family_name": c.family_name,
                "place": c.place,
                "total": c.total,
                "minutes": c.minutes,
                "transport": c.transport,
                "warnings": c.warnings,
                "factors": [
                    {
                        "factor": line.name,
                        "label": line.label,
                        "score": line.score,
                        "weight": line.weight,
                        "points": line.points,
                        "text": line.text,
                    }
                    for line in c.lines
                ],
            }
            for c in ranking.candidates
        ],
        "family_exclusions": [vars(e) for e in ranking.family_exclusions],
        "pair_exclusions": [vars(e) for e in ranking.pair_exclusions],
    }


@router.post(
    "/proposals",
    response=answers(ProposalOut, status=201),
    url_name="matching_proposals",
)
def proposal_create(request: AuthenticatedHttpRequest, payload: ProposalIn) -> Any:
    """Propose a family for a waiting child (every hard constraint is checked)."""
    referral = selectors.referral_for_matching_or_404(user=request.user, pk=payload.referral_id)
    family = selectors.family_to_propose_or_404(referral=referral, pk=payload.family_id)
    proposal = services.match_proposal_create(referral=referral, family=family, by=request.user)
    return Status(201, _proposal_out(proposal))


@router.get(
    "/proposals/{proposal_id}",
    response=answers(ProposalOut, refused=(403, 404)),
    url_name="matching_proposal",
)
def proposal(request: AuthenticatedHttpRequest, proposal_id: int) -> Any:
    """One proposal: both answers and, once made, the friendship."""
    found = selectors.proposal_for_matching_or_404(user=request.user, pk=proposal_id)
    audit_read(request, found)
    return _proposal_out(found)


@router.post(
    "/proposals/{proposal_id}/answers",
    response=answers(ProposalOut),
    url_name="matching_answer",
)
def answer(request: AuthenticatedHttpRequest, proposal_id: int, payload: AnswerIn) -> Any:
    """Record the parent's or the family's answer; the second yes makes the match."""
    found = selectors.proposal_for_matching_or_404(user=request.user, pk=proposal_id)
    updated = services.match_proposal_answer(
        proposal=found,
        side=payload.side,
        accepted=payload.accepted,
        reason=payload.reason,
        by=request.user,
    )
    return _proposal_out(updated)


@router.get(
    "/sites/{site_id}/suggestion",
    response=answers(SuggestionOut, refused=(403, 404)),
    url_name="matching_suggestion",
)
def suggestion(request: AuthenticatedHttpRequest, site_id: int) -> Any:
    """The latest computed site-wide suggestion (ask for a new one with POST)."""
    site = selectors.site_for_matching_or_404(user=request.user, pk=site_id)
    run = selectors.latest_run(site)
    if run is None:
        raise Http404
    return _run_out(run)


@router.post(
    "/sites/{site_id}/suggestion",
    response=answers(SuggestionOut, status=202, refused=(403, 404)),
    url_name="matching_suggestion_run",
)
def suggestion_run(request: AuthenticatedHttpRequest, site_id: int) -> Any:
    """Ask for a new site-wide suggestion (optimal and greedy), computed by a task worker.

    Answers 202 with the run waiting or being computed (the one already asked for,
    if any); GET the suggestion until its ``created_at`` is this run's.
    """
    site = selectors.site_for_matching_or_404(user=request.user, pk=site_id)
    run, _created = services.suggestion_request(site=site, by=request.user)
    return Status(202, _run_out(run))


def _run_out(run: Any) -> dict[str, Any]:
    return {
        "site_id": run.site_id,
        "created_at": run.created_at,
        "status": run.status,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "children": run.children,
        "families": run.families,
        "optimal_pairs": run.optimal_pairs,
        "optimal_total": run.optimal_total,
        "greedy_pairs": run.greedy_pairs,
        "greedy_total": run.greedy_total,
        "seconds": run.seconds,
        "rows": run.rows,
    }
