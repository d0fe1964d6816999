"""Writes for the end of the year: the future agreement, the anniversary, early endings
and the families' deletion confirmations (SPEC 3, steps 15–18)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.links import public_url
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.followups.services import follow_up_tasks_complete_open
from hjemtilos.friendships.contacts import family_of, guardians, send, volunteer_adults
from hjemtilos.friendships.dates import add_months
from hjemtilos.friendships.models import (
    FRIENDSHIP_ACTIVE_STATUSES,
    DeletionConfirmation,
    DeletionScope,
    EndReason,
    Frequency,
    Friendship,
    FriendshipStatus,
    FutureAgreement,
    GuidanceRead,
    Side,
    VisitStatus,
)
from hjemtilos.friendships.services.greetings import greetings_delete
from hjemtilos.friendships.services.plan import friendship_task_create
from hjemtilos.friendships.services.year import friendship_transition
from hjemtilos.messaging.recipients import Reach
from hjemtilos.referrals.models import ReferralStatus
from hjemtilos.referrals.services import referral_transition
from hjemtilos.volunteers.models import VolunteerFamilyStatus
from hjemtilos.volunteers.services import family_transition

#: The future agreement is talked about from 10 months into the year (SPEC 4).
FUTURE_AGREEMENT_FROM_MONTHS = 10
#: A family that has not confirmed deletion is reminded once, this long after.
DELETION_REMINDER_AFTER = timedelta(days=14)


# The future agreement -----------------------------------------------------------


def future_agreement_opens_on(friendship: Friendship) -> date | None:
    if friendship.started_on is None:
        return None
    return add_months(friendship.started_on, FUTURE_AGREEMENT_FROM_MONTHS)


def future_agreement_is_open(friendship: Friendship, today: date | None = None) -> bool:
    """The families answer in the portal from 10 months in, until the anniversary."""
    opens = future_agreement_opens_on(friendship)
    today = today or timezone.localdate()
    return friendship.status == FriendshipStatus.RUNNING and opens is not None and today >= opens


def _future(friendship: Friendship) -> FutureAgreement:
    if friendship.status != FriendshipStatus.RUNNING:
        raise ValidationError(_("The friendship is not running."), code="not_running")
    agreement, _created = FutureAgreement.objects.select_for_update().get_or_create(
        friendship=friendship
    )
    return agreement


def _check_wish(*, wants: bool | None, frequency: str) -> None:
    if wants is None:
        raise ValidationError({"wants": _("Answer whether you want to go on.")}, code="wants")
    if wants and frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose how often.")}, code="frequency")


@transaction.atomic
def future_wish_record(
    *,
    friendship: Friendship,
    side: str,
    by: User,
    wants: bool | None,
    frequency: str = "",
    note: str = "",
    by_staff: bool = False,
) -> FutureAgreement:
    """A family's wish for the time after the year. The volunteer family is asked first."""
    agreement = _future(friendship)
    if agreement.agreed_at is not None:
        raise ValidationError(_("The agreement has been made; ask staff to change it."))
    _check_wish(wants=wants, frequency=frequency)
    now = timezone.now()
    outcome = _("Recorded by staff.") if by_staff else _("Answered in the portal.")
    if side == Side.VOLUNTEER_FAMILY:
        agreement.volunteer_continue = wants
        agreement.volunteer_frequency = frequency if wants else ""
        agreement.volunteer_note = note.strip()
        agreement.volunteer_answered_at = now
        agreement.volunteer_answered_by = by
        kind = FollowUpKind.FUTURE_TALK_FAMILY
    elif side == Side.CHILD_FAMILY:
        if agreement.volunteer_answered_at is None:
            raise ValidationError(
                _("The volunteer family is asked first; the parent answers after them."),
                code="volunteer_first",
            )
        agreement.parent_continue = wants
        agreement.parent_frequency = frequency if wants else ""
        agreement.parent_note = note.strip()
        agreement.parent_answered_at = now
        agreement.parent_answered_by = by
        kind = FollowUpKind.FUTURE_TALK_PARENT
    else:
        raise ValidationError(_("Choose the family."), code="side")
    agreement.save()
    follow_up_tasks_complete_open(by=by, kind=kind, outcome=outcome, friendship=friendship)
    return agreement


@transaction.atomic
def future_child_heard_record(*, friendship: Friendship, by: User, note: str) -> FutureAgreement:
    """Staff's note of how the child was heard (after both families' wishes)."""
    agreement = _future(friendship)
    if agreement.parent_answered_at is None:
        raise ValidationError(_("Hear the volunteer family and the parent first."))
    if not note.strip():
        raise ValidationError({"note": _("Write how the child was heard.")})
    agreement.child_heard_note = note.strip()
    agreement.child_heard_at = timezone.now()
    agreement.child_heard_by = by
    agreement.save()
    return agreement


@transaction.atomic
def future_agreement_agree(
    *, friendship: Friendship, by: User, wants: bool | None, frequency: str, details: str
) -> FutureAgreement:
    """Staff record the agreed form; both families then confirm it."""
    agreement = _future(friendship)
    if agreement.child_heard_at is None:
        raise ValidationError(_("Both families' wishes and the child's voice come first."))
    _check_wish(wants=wants, frequency=frequency)
    agreement.agreed_continue = wants
    agreement.agreed_frequency = frequency if wants else ""
    agreement.agreed_details = details.strip()
    agreement.agreed_at = timezone.now()
    agreement.agreed_by = by
    # A changed agreement is confirmed again.
    agreement.volunteer_confirmed_at = agreement.parent_confirmed_at = None
    agreement.volunteer_confirmed_by = agreement.parent_confirmed_by = None
    agreement.save()
    return agreement


@transaction.atomic
def future_agreement_confirm(
    *, friendship: Friendship, side: str, by: User, by_staff: bool = False
) -> FutureAgreement:
    """A family confirms the agreed form (in the portal, or staff record it from a call)."""
    agreement = _future(friendship)
    if agreement.agreed_at is None:
        raise ValidationError(_("There is no agreement to confirm yet."), code="not_agreed")
    now = timezone.now()
    if side == Side.VOLUNTEER_FAMILY:
        agreement.volunteer_confirmed_at, agreement.volunteer_confirmed_by = now, by
    elif side == Side.CHILD_FAMILY:
        agreement.parent_confirmed_at, agreement.parent_confirmed_by = now, by
    else:
        raise ValidationError(_("Choose the family."), code="side")
    agreement.save()
    if agreement.is_confirmed:
        follow_up_tasks_complete_open(
            by=by,
            kind=FollowUpKind.FUTURE_AGREEMENT,
            outcome=_("Confirmed by both families."),
            friendship=friendship,
        )
    return agreement


@transaction.atomic
def guidance_read_record(*, friendship: Friendship, side: str, by: User) -> GuidanceRead:
    """A family has read the guidance on talking with the child about the time after the
    year (offered from 10 months in). Recorded once; staff see it."""
    if not future_agreement_is_open(friendship):
        raise ValidationError(
            _("The guidance is offered from 10 months into the year."), code="not_open"
        )
    if side not in Side.values:
        raise ValidationError(_("Choose the family."), code="side")
    read, _created = GuidanceRead.objects.get_or_create(
        friendship=friendship, side=side, defaults={"read_at": timezone.now(), "read_by": by}
    )
    return read


# Deletion confirmations ---------------------------------------------------------


def _request_deletion(
    friendship: Friendship, *, continues: bool | None
) -> list[DeletionConfirmation]:
    """Ask the families to delete what the code of conduct requires.

    Continuing privately, the volunteer family deletes the child's match
    paper; otherwise both families delete contact details, messages and
    photos (the volunteer family the match paper too).
    """
    now = timezone.now()
    wanted = [
        (
            Side.VOLUNTEER_FAMILY,
            DeletionScope.MATCH_PAPER if continues else DeletionScope.CONTACT_DETAILS,
        )
    ]
    if not continues:
        wanted.append((Side.CHILD_FAMILY, DeletionScope.CONTACT_DETAILS))
    return [
        DeletionConfirmation.objects.get_or_create(
            friendship=friendship, side=side, defaults={"scope": scope, "requested_at": now}
        )[0]
        for side, scope in wanted
    ]


@transaction.atomic
def deletion_confirm(
    *, confirmation: DeletionConfirmation, by: User, by_staff: bool = False
) -> DeletionConfirmation:
    """A family confirms the deletion; staff may record a confirmation given by phone."""
    confirmation = DeletionConfirmation.objects.select_for_update().get(pk=confirmation.pk)
    if confirmation.confirmed_at is not None:
        raise ValidationError(_("The deletion has been confirmed already."), code="done")
    confirmation.confirmed_at = timezone.now()
    confirmation.confirmed_by = by
    confirmation.recorded_by = by if by_staff else None
    confirmation.save(update_fields=["confirmed_at", "confirmed_by", "recorded_by"])
    follow_up_tasks_complete_open(
        by=by,
        kind=FollowUpKind.DELETION_CONFIRMATION,
        outcome=_("Confirmed."),
        dedupe_key=f"deletion:{confirmation.pk}",
    )
    return confirmation


def deletion_reminders_send(*, now: Any = None) -> int:
    """Daily: remind once the families who have not confirmed deletion after 14 days."""
    now = now or timezone.now()
    due = (
        DeletionConfirmation.objects.filter(
            confirmed_at__isnull=True,
            reminded_at__isnull=True,
            requested_at__lte=now - DELETION_REMINDER_AFTER,
        )
        .select_related(
            "friendship__site",
            "friendship__family__contact_person",
            "friendship__contact_person",
            "friendship__child__family",
        )
        .prefetch_related(
            "friendship__family__members__user", "friendship__child__family__guardians__user"
        )
    )
    sent = 0
    for confirmation in due:
        with transaction.atomic():
            claimed = DeletionConfirmation.objects.filter(
                pk=confirmation.pk, reminded_at__isnull=True, confirmed_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            friendship = confirmation.friendship
            sent += send(
                family_of(friendship, confirmation.side),
                reach=Reach.EMAIL_ELSE_SMS,
                template="deletion_reminder",
                context={"confirmation": confirmation, "scope": confirmation.get_scope_display()},
                related=friendship,
            )
            friendship_task_create(
                friendship=friendship,
                kind=FollowUpKind.DELETION_CONFIRMATION,
                title=_("%(family)s has not confirmed deletion – %(child)s")
                % {
                    "family": friendship.family.name
                    if confirmation.side == Side.VOLUNTEER_FAMILY
                    else _("The child's family"),
                    "child": friendship.child.full_name,
                },
                description=_(
                    "The family was reminded by e-mail or SMS. Phone them and record the "
                    "confirmation on the friendship's page."
                ),
                due_on=timezone.localdate(now) + timedelta(days=7),
                by=None,
                dedupe_key=f"deletion:{confirmation.pk}",
            )
    return sent


# Closing ------------------------------------------------------------------------


def _close_open_work(friendship: Friendship, by: User | None, ended_on: date) -> None:
    """Planned visits after the end go; the plan's open tasks are cancelled; the year's
    greetings and their photos are deleted (they belong to the year, ADR 0060)."""
    friendship.visits.filter(status=VisitStatus.PLANNED, date__gt=ended_on).delete()
    friendship.extra_visits.filter(date__gt=ended_on).delete()
    greetings_delete(friendship=friendship)
    now = timezone.now()
    for task in (
        FollowUpTask.objects.open()
        .filter(friendship=friendship)
        .exclude(kind__in=[FollowUpKind.CONCERN, FollowUpKind.INQUIRY, FollowUpKind.FAREWELL])
    ):
        task.cancelled_at = now
        task.save(update_fields=["cancelled_at"])


def _release_family(friendship: Friendship, by: User | None, to_status: str, reason: str) -> None:
    family = friendship.family
    others = family.friendships.filter(status__in=FRIENDSHIP_ACTIVE_STATUSES).exclude(
        pk=friendship.pk
    )
    if family.status == VolunteerFamilyStatus.MATCHED and not others.exists():
        family_transition(family=family, to_status=to_status, by=by, reason=reason)


def _portal_url() -> str:
    return public_url("friendships:portal_list")


@transaction.atomic
def friendship_complete(*, friendship: Friendship, by: User | None = None) -> bool:
    """The anniversary: close the year once. Returns False if it was closed already.

    The friendship is completed (continuing privately as the future
    agreement says), the volunteer family loses access to the child's data
    at once, both families get the farewell (by e-mail, or by SMS to whoever has
    no e-mail address) and are asked to confirm deletion.
    """
    locked = Friendship.objects.select_for_update().filter(pk=friendship.pk).first()
    if locked is None or locked.status != FriendshipStatus.RUNNING:
        return False
    friendship = locked
    agreement = FutureAgreement.objects.filter(friendship=friendship).first()
    continues = agreement.agreed_continue if agreement and agreement.agreed_at else None
    ended_on = friendship.anniversary_on or timezone.localdate()
    friendship = friendship_transition(
        friendship=friendship,
        to_status=FriendshipStatus.COMPLETED,
        by=by,
        ended_on=ended_on,
        continues_privately=continues,
        access_ended_at=timezone.now(),
    )
    _close_open_work(friendship, by, ended_on)
    follow_up_tasks_complete_open(
        by=by,
        kind=FollowUpKind.FAREWELL,
        outcome=_("The farewell was sent and the year closed."),
        friendship=friendship,
    )
    confirmations = {c.side: c for c in _request_deletion(friendship, continues=continues)}
    context = {
        "child_first_name": friendship.child.first_name,
        "family_name": friendship.family.name,
        "site_name": friendship.site.name,
        "continues": continues,
        "agreement": agreement if agreement and agreement.agreed_at else None,
        "portal_url": _portal_url(),
    }
    for side, recipients in (
        (Side.VOLUNTEER_FAMILY, volunteer_adults(friendship)),
        (Side.CHILD_FAMILY, guardians(friendship)),
    ):
        confirmation = confirmations.get(side)
        send(
            recipients,
            reach=Reach.EMAIL_ELSE_SMS,
            template="farewell",
            context={
                **context,
                "side": side,
                "deletion": confirmation.get_scope_display() if confirmation else "",
            },
            related=friendship,
            by=by,
        )
    _release_family(
        friendship, by, VolunteerFamilyStatus.RESTING, _("The Hjem til Os year is completed.")
    )
    return True


def anniversaries_run(*, today: date | None = None) -> int:
    """Daily: complete every running friendship whose anniversary has come. Idempotent."""
    today = today or timezone.localdate()
    due = list(
        Friendship.objects.filter(
            status=FriendshipStatus.RUNNING, anniversary_on__lte=today
        ).values_list("pk", flat=True)
    )
    closed = 0
    for pk in due:
        friendship = (
            Friendship.objects.select_related("site", "child__family", "family", "referral")
            .prefetch_related("family__members__user", "child__family__guardians__user")
            .get(pk=pk)
        )
        closed += int(friendship_complete(friendship=friendship))
    return closed


@transaction.atomic
def friendship_end_early(
    *,
    friendship: Friendship,
    by: User,
    ended_on: date,
    ended_by: str,
    reason_category: str,
    reason: str,
    child_back_to_matching: bool,
    family_status: str,
) -> Friendship:
    """End a friendship before the year is over (*ophør*); access is revoked at once.

    The child goes back to matching or the referral is closed; the volunteer
    family rests or is free for a new child; both families are asked to
    confirm deletion.
    """
    errors: dict[str, str] = {}
    if ended_on > timezone.localdate():
        errors["ended_on"] = _("The end date cannot be in the future.")
    if reason_category not in EndReason.values:
        errors["reason_category"] = _("Choose a reason.")
    if not reason.strip():
        errors["reason"] = _("Describe why the friendship ended.")
    if family_status not in (VolunteerFamilyStatus.RESTING, VolunteerFamilyStatus.APPROVED):
        errors["family_status"] = _("Choose what happens to the volunteer family.")
    if errors:
        raise ValidationError(errors, code="end_early")
    friendship = friendship_transition(
        friendship=friendship,
        to_status=FriendshipStatus.ENDED_EARLY,
        by=by,
        reason=reason.strip(),
        ended_on=ended_on,
        ended_by=ended_by,
        end_reason_category=reason_category,
        end_reason=reason.strip(),
        child_back_to_matching=child_back_to_matching,
        access_ended_at=timezone.now(),
    )
    _close_open_work(friendship, by, ended_on)
    referral = friendship.referral
    if referral.status == ReferralStatus.MATCHED:
        if child_back_to_matching:
            referral_transition(
                referral=referral,
                to_status=ReferralStatus.READY_FOR_MATCHING,
                by=by,
                reason=_("The friendship ended early; the child is matched again."),
            )
        else:
            referral_transition(
                referral=referral,
                to_status=ReferralStatus.WITHDRAWN,
                by=by,
                reason=_("The friendship ended early; the child is not matched again."),
            )
    _release_family(
        friendship,
        by,
        family_status,
        _("The friendship ended early: %(reason)s") % {"reason": EndReason(reason_category).label},
    )
    _request_deletion(friendship, continues=False)
    context = {
        "child_first_name": friendship.child.first_name,
        "family_name": friendship.family.name,
        "portal_url": _portal_url(),
        "deletion": DeletionScope.CONTACT_DETAILS.label,
    }
    for side, recipients in (
        (Side.VOLUNTEER_FAMILY, volunteer_adults(friendship)),
        (Side.CHILD_FAMILY, guardians(friendship)),
    ):
        send(
            recipients,
            reach=Reach.EMAIL_ELSE_SMS,
            template="friendship_ended",
            context={**context, "side": side},
            related=friendship,
            by=by,
        )
    return friendship
