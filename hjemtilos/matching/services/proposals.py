"""Match proposals: propose, record each side's answer, withdraw, schedule the first meeting.

Every status change goes through ``proposal_transition`` (the workflow and an
event row). Both answers "yes" make the match: the referral and the family
move to "matched", the waiting time is stored and the friendship books are
started. Scheduling the first meeting with a staff member makes the
friendship (``friendships.services.friendship_create_from_match``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.services import status_event_record
from hjemtilos.core.workflow import Workflow
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import (
    follow_up_task_create,
    follow_up_tasks_cancel_open,
    follow_up_tasks_complete_open,
)
from hjemtilos.friendships.services import friendship_create_from_match
from hjemtilos.matching import engine
from hjemtilos.matching.models import (
    Answer,
    BookKind,
    DeclinedBy,
    DeclinedPair,
    FriendshipBook,
    MatchProposal,
    MatchProposalEvent,
    MatchWaitingTime,
    Side,
)
from hjemtilos.matching.models import ProposalStatus as P
from hjemtilos.matching.services.books import books_unwritten
from hjemtilos.organisations.models import SiteMembership
from hjemtilos.referrals.models import Referral, ReferralStatus
from hjemtilos.referrals.services import referral_transition
from hjemtilos.volunteers.models import VolunteerFamily, VolunteerFamilyStatus
from hjemtilos.volunteers.services import family_transition

PROPOSAL_WORKFLOW = Workflow(
    statuses=P,
    order=[P.PROPOSED, P.ACCEPTED, P.FRIENDSHIP, P.DECLINED, P.WITHDRAWN],
    moves={
        P.PROPOSED: frozenset({P.ACCEPTED, P.DECLINED, P.WITHDRAWN}),
        P.ACCEPTED: frozenset({P.FRIENDSHIP, P.WITHDRAWN}),
        P.FRIENDSHIP: frozenset(),
        P.DECLINED: frozenset(),
        P.WITHDRAWN: frozenset(),
    },
    reason_required=frozenset({P.WITHDRAWN}),
)

# Staff present the match by phone within a few days (SPEC 4: "match found").
PRESENT_WITHIN_DAYS = 3
# The books go out well before the first meeting.
BOOKS_WITHIN_DAYS = 7


def _locked(proposal: MatchProposal) -> MatchProposal:
    return (
        MatchProposal.objects.select_for_update()
        .select_related("referral__child", "family", "site")
        .get(pk=proposal.pk)
    )


@transaction.atomic
def proposal_transition(
    *,
    proposal: MatchProposal,
    to_status: str,
    by: User,
    reason: str = "",
    side: str = "",
    answer: str = "",
) -> MatchProposal:
    """Move ``proposal`` to ``to_status`` if the workflow allows it; record the event.

    The row is locked and read afresh first, so a move checks the status as it
    is now, not as the caller last saw it (two staff members acting at once).
    """
    proposal = _locked(proposal)
    PROPOSAL_WORKFLOW.check(proposal.status, to_status, reason)
    now = timezone.now()
    from_status = proposal.status
    proposal.status = to_status
    proposal.status_changed_at = now
    update = ["status", "status_changed_at"]
    if to_status in (P.DECLINED, P.WITHDRAWN):
        proposal.closed_at = now
        proposal.closed_reason = reason
        update += ["closed_at", "closed_reason"]
    proposal.save(update_fields=update)
    status_event_record(
        MatchProposalEvent,
        proposal=proposal,
        from_status=from_status,
        to_status=to_status,
        side=side,
        answer=answer,
        at=now,
        by=by,
    )
    return proposal


@transaction.atomic
def match_proposal_create(
    *, referral: Referral, family: VolunteerFamily, by: User, from_suggestion: bool = False
) -> MatchProposal:
    """Propose ``family`` for the child of ``referral``; tasks to phone both sides.

    Every hard constraint is checked afresh. The database refuses a second
    open proposal for the child or the family (two staff members proposing
    at once): the loser gets a ``ValidationError`` saying so.
    """
    if referral.status != ReferralStatus.READY_FOR_MATCHING:
        raise ValidationError(_("The child is not waiting for a match."), code="not_waiting")
    if family.site_id != referral.site_id:
        raise ValidationError(
            _("The family belongs to another site than the child."), code="other_site"
        )
    languages = tuple(code for code, _name in settings.LANGUAGES)
    verdict = engine.judge_pair(referral, family.pk, languages=languages)
    if not verdict.allowed:
        raise ValidationError(
            _("This family cannot be proposed: %(reasons)s.")
            % {"reasons": "; ".join(verdict.reasons)},
            code="excluded",
        )
    child = referral.child
    try:
        with transaction.atomic():
            proposal = MatchProposal.objects.create(
                site_id=referral.site_id,
                referral=referral,
                child=child,
                family=family,
                score=verdict.total,
                explanation=_explanation_snapshot(verdict),
                warnings={code: warned for code, (_lines, warned) in verdict.by_language.items()},
                from_suggestion=from_suggestion,
                created_by=by,
            )
    except IntegrityError:
        raise ValidationError(
            _(
                "The child or the family is already in an open match proposal "
                "(perhaps a colleague proposed it just now)."
            ),
            code="double_booked",
        ) from None
    status_event_record(
        MatchProposalEvent,
        proposal=proposal,
        to_status=P.PROPOSED,
        at=proposal.created_at,
        by=by,
    )
    due = timezone.localdate() + timedelta(days=PRESENT_WITHIN_DAYS)
    names = {"child": child.full_name, "family": family.name}
    # One phone call to each side.
    for kind, title, description in (
        (
            FollowUpKind.PRESENT_MATCH_PARENT,
            _("Present the match with %(family)s to the parent of %(child)s"),
            _("Phone the parent, present the family and record the answer."),
        ),
        (
            FollowUpKind.PRESENT_MATCH_FAMILY,
            _("Present %(child)s to %(family)s"),
            _("Phone the volunteer family, present the child and record the answer."),
        ),
    ):
        follow_up_task_create(
            site=referral.site,
            kind=kind,
            title=title % names,
            description=description,
            due_on=due,
            owner=by,
            by=by,
            referral=referral,
            volunteer_family=family,
        )
    return proposal


def _explanation_snapshot(verdict: engine.PairVerdict) -> list[dict[str, Any]]:
    """The explanation as it is now, in every language (labels and texts by language code)."""
    snapshot = []
    for k, line in enumerate(verdict.lines):
        snapshot.append(
            {
                "factor": line.name,
                "score": line.score,
                "points": line.points,
                "label": {
                    code: lines[k].label for code, (lines, _w) in verdict.by_language.items()
                },
                "text": {code: lines[k].text for code, (lines, _w) in verdict.by_language.items()},
            }
        )
    return snapshot


def _present_kind(side: str) -> str:
    return (
        FollowUpKind.PRESENT_MATCH_PARENT
        if side == Side.PARENT
        else FollowUpKind.PRESENT_MATCH_FAMILY
    )


@transaction.atomic
def match_proposal_answer(
    *, proposal: MatchProposal, side: str, accepted: bool, reason: str = "", by: User
) -> MatchProposal:
    """Record the parent's or the family's answer.

    A "no" (with a reason) closes the proposal and remembers the pair so it
    is never proposed again; both back in the pool. The second "yes" makes
    the match (``_accept``).
    """
    proposal = _locked(proposal)
    if side not in Side.values:
        raise ValidationError(_("Choose whose answer this is."), code="side")
    if proposal.status != P.PROPOSED:
        raise ValidationError(_("This proposal has been answered already."), code="closed")
    if proposal.answer_of(side):
        raise ValidationError(_("This side has answered already."), code="answered")
    reason = reason.strip()
    if not accepted and not reason:
        raise ValidationError({"reason": _("Write why they said no.")}, code="reason_required")
    now = timezone.now()
    setattr(proposal, f"{side}_answer", Answer.ACCEPTED if accepted else Answer.DECLINED)
    setattr(proposal, f"{side}_answered_at", now)
    setattr(proposal, f"{side}_answer_by", by)
    setattr(proposal, f"{side}_reason", reason)
    proposal.save(
        update_fields=[
            f"{side}_answer",
            f"{side}_answered_at",
            f"{side}_answer_by",
            f"{side}_reason",
        ]
    )
    who = Side(side).label
    subject = {"referral": proposal.referral, "volunteer_family": proposal.family}
    follow_up_tasks_complete_open(
        by=by,
        kind=_present_kind(side),
        outcome=(_("%(who)s said yes.") if accepted else _("%(who)s said no.")) % {"who": who},
        **subject,
    )
    if not accepted:
        DeclinedPair.objects.get_or_create(
            child=proposal.child,
            family=proposal.family,
            defaults={
                "proposal": proposal,
                "declined_by": side,
                "reason": reason,
                "recorded_by": by,
            },
        )
        other = Side.FAMILY if side == Side.PARENT else Side.PARENT
        follow_up_tasks_cancel_open(kind=_present_kind(other), **subject)
        return proposal_transition(
            proposal=proposal,
            to_status=P.DECLINED,
            by=by,
            side=side,
            answer=Answer.DECLINED,
        )
    status_event_record(
        MatchProposalEvent,
        proposal=proposal,
        from_status=P.PROPOSED,
        to_status=P.PROPOSED,
        side=side,
        answer=Answer.ACCEPTED,
        at=now,
        by=by,
    )
    if proposal.parent_answer == Answer.ACCEPTED and proposal.family_answer == Answer.ACCEPTED:
        return _accept(proposal, by)
    return proposal


def _accept(proposal: MatchProposal, by: User) -> MatchProposal:
    """Both said yes: the child and the family are matched, the books begin."""
    family = VolunteerFamily.objects.get(pk=proposal.family_id)
    if family.status not in (VolunteerFamilyStatus.APPROVED, VolunteerFamilyStatus.MATCHED):
        raise ValidationError(
            _("The family is no longer approved (%(status)s). Withdraw the proposal.")
            % {"status": family.get_status_display()},
            code="not_approved",
        )
    if not family.vetting_complete:
        raise ValidationError(
            _(
                "The family's vetting is no longer complete (a certificate, the course or an "
                "acceptance is missing). Complete it, or withdraw the proposal."
            ),
            code="vetting",
        )
    referral = referral_transition(
        referral=proposal.referral, to_status=ReferralStatus.MATCHED, by=by
    )
    if family.status == VolunteerFamilyStatus.APPROVED:
        family_transition(
            family=family,
            to_status=VolunteerFamilyStatus.MATCHED,
            by=by,
            reason=_("Both sides accepted a match proposal."),
        )
    now = timezone.now()
    proposal.accepted_at = now
    proposal.save(update_fields=["accepted_at"])
    received = referral.received_at or referral.submitted_at or referral.created_at
    MatchWaitingTime.objects.update_or_create(
        proposal=proposal,
        defaults={
            "site_id": proposal.site_id,
            "referral": referral,
            "received_at": received,
            "accepted_at": now,
            "days": max(0, (now - received).days),
        },
    )
    _start_books(proposal)
    follow_up_task_create(
        site=proposal.site,
        kind=FollowUpKind.FRIENDSHIP_BOOKS,
        title=_("Friendship books and first meeting: %(child)s and %(family)s")
        % {"child": proposal.child.full_name, "family": proposal.family.name},
        description=_(
            "Write both pages of the friendship books, send them to both families "
            "and agree the date of the first meeting."
        ),
        due_on=timezone.localdate() + timedelta(days=BOOKS_WITHIN_DAYS),
        owner=by,
        by=by,
        referral=proposal.referral,
        volunteer_family=proposal.family,
    )
    return proposal_transition(proposal=proposal, to_status=P.ACCEPTED, by=by)


def _start_books(proposal: MatchProposal) -> None:
    """Both pages, filled in from what is known, for staff to finish with the families."""
    child = proposal.child
    family = proposal.family
    members = family.members.filter(moved_out_on__isnull=True).order_by("date_of_birth")
    who = ", ".join(f"{m.first_name} ({m.age()})" for m in members)
    FriendshipBook.objects.get_or_create(
        proposal=proposal, kind=BookKind.CHILD, defaults={"likes": child.interests}
    )
    FriendshipBook.objects.get_or_create(
        proposal=proposal,
        kind=BookKind.FAMILY,
        defaults={
            "about": _("We are %(who)s.") % {"who": who} if who else "",
            "likes": family.activities,
            "pets": family.pets,
        },
    )


@transaction.atomic
def match_proposal_withdraw(
    *, proposal: MatchProposal, by: User, reason: str, never_again: bool = False
) -> MatchProposal:
    """Staff take a proposal back (before or after both said yes, not after the first meeting).

    An accepted match is undone: the child goes back to matching and the
    family back to approved. With ``never_again`` the pair is not proposed again.
    """
    proposal = _locked(proposal)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for this change.")})
    was_accepted = proposal.status == P.ACCEPTED
    proposal = proposal_transition(proposal=proposal, to_status=P.WITHDRAWN, by=by, reason=reason)
    subject = {"referral": proposal.referral, "volunteer_family": proposal.family}
    follow_up_tasks_cancel_open(**subject)
    if was_accepted:
        referral = Referral.objects.get(pk=proposal.referral_id)
        if referral.status == ReferralStatus.MATCHED:
            referral_transition(
                referral=referral, to_status=ReferralStatus.READY_FOR_MATCHING, by=by, reason=reason
            )
        family = VolunteerFamily.objects.get(pk=proposal.family_id)
        if (
            family.status == VolunteerFamilyStatus.MATCHED
            and not family.friendships.filter(status__in=("planned", "running")).exists()
        ):
            family_transition(
                family=family, to_status=VolunteerFamilyStatus.APPROVED, by=by, reason=reason
            )
        MatchWaitingTime.objects.filter(proposal=proposal).delete()
    if never_again:
        DeclinedPair.objects.get_or_create(
            child=proposal.child,
            family=proposal.family,
            defaults={
                "proposal": proposal,
                "declined_by": DeclinedBy.STAFF,
                "reason": reason,
                "recorded_by": by,
            },
        )
    return proposal


@transaction.atomic
def books_mark_sent(*, proposal: MatchProposal, by: User) -> MatchProposal:
    """The friendship books went to both families."""
    proposal = _locked(proposal)
    if proposal.status != P.ACCEPTED:
        raise ValidationError(_("The books belong to an accepted match."), code="not_accepted")
    unwritten = books_unwritten(proposal.books.all())
    if unwritten:
        raise ValidationError(
            _(
                "Write both pages of the friendship books before you mark them as sent "
                "(not written yet: %(pages)s)."
            )
            % {"pages": ", ".join(str(kind.label).lower() for kind in unwritten)},
            code="not_written",
        )
    proposal.books_sent_at = timezone.now()
    proposal.books_sent_by = by
    proposal.save(update_fields=["books_sent_at", "books_sent_by"])
    follow_up_tasks_complete_open(
        by=by,
        kind=FollowUpKind.FRIENDSHIP_BOOKS,
        outcome=_("Friendship books sent to both families."),
        referral=proposal.referral,
        volunteer_family=proposal.family,
    )
    return proposal


def staff_of_site(site_id: int) -> QuerySet[User]:
    """The staff members who can attend a first meeting at the site."""
    return User.objects.filter(
        role=Role.STAFF,
        is_active=True,
        pk__in=SiteMembership.objects.filter(site_id=site_id).values("user_id"),
    ).order_by("first_name", "last_name")


@transaction.atomic
def first_meeting_schedule(
    *, proposal: MatchProposal, by: User, at: datetime, staff: User
) -> MatchProposal:
    """Schedule the first meeting (*venskabsmødet*) at the family's home with ``staff``.

    The match becomes a planned friendship with ``staff`` as contact person;
    the friendship's follow-up plan gives ``staff`` the task to hold the meeting.
    """
    proposal = _locked(proposal)
    if proposal.status != P.ACCEPTED:
        raise ValidationError(
            _("The first meeting is scheduled once both sides have said yes."), code="not_accepted"
        )
    if at <= timezone.now():
        raise ValidationError({"at": _("Choose a time in the future.")}, code="past")
    if not staff_of_site(proposal.site_id).filter(pk=staff.pk).exists():
        raise ValidationError(
            {"staff": _("Choose a staff member of the site.")}, code="not_site_staff"
        )
    friendship = friendship_create_from_match(
        referral=proposal.referral,
        family=proposal.family,
        by=by,
        contact_person=staff,
        first_meeting_at=at,
    )
    proposal.friendship = friendship
    proposal.first_meeting_at = at
    proposal.first_meeting_staff = staff
    proposal.save(update_fields=["friendship", "first_meeting_at", "first_meeting_staff"])
    return proposal_transition(proposal=proposal, to_status=P.FRIENDSHIP, by=by)
