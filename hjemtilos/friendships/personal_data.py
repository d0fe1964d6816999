"""The friendship year's personal data, and when a course is over (docs/retention.md).

Besides its own models (``friendship`` and ``logbook`` subjects), this app
decides when a child's course and a volunteer family's time are over, since
only here are referrals, families and friendships all known:

* a child's course is over when every referral of the child is: closed
  without a friendship before the ``referral_closed`` period, or with all its
  friendships ended before the ``friendship_ended`` period;
* the child's own family follows once all its children are anonymised;
* a volunteer family never approved is over after ``family_not_approved``
  from its withdrawal or rejection; an approved one after ``family_left``
  from leaving, once all its friendships ended before ``friendship_ended``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.friendships.models import (
    ExtraVisit,
    ExtraVisitEvent,
    FirstMeeting,
    Friendship,
    FriendshipEvent,
    FriendshipStatus,
    FutureAgreement,
    Greeting,
    GreetingPhoto,
    LogbookEntry,
    Visit,
    VisitAgreement,
)
from hjemtilos.privacy.models import RetentionRule
from hjemtilos.privacy.registry import (
    Basis,
    Category,
    Context,
    Field,
    PersonalData,
    Purpose,
    SeenBy,
    Shared,
    Subject,
    Subjects,
    register_personal_data,
    register_subject,
    rows_of,
    texts,
)
from hjemtilos.referrals.models import BirthFamily, Child, Referral, ReferralStatus
from hjemtilos.volunteers.models import VolunteerFamily, VolunteerFamilyStatus

ENDED = (FriendshipStatus.COMPLETED, FriendshipStatus.ENDED_EARLY)
REFERRAL_CLOSED = (ReferralStatus.WITHDRAWN, ReferralStatus.NOT_ELIGIBLE)
FAMILY_GONE = (VolunteerFamilyStatus.WITHDRAWN, VolunteerFamilyStatus.REJECTED)

FRIENDSHIP: Shared = {
    "subject": Subjects.FRIENDSHIP,
    "purpose": Purpose.FRIENDSHIP,
    "legal_basis": Basis.CONSENT,
    "seen_by": SeenBy.FRIENDSHIP,
}


def _ended_before(ctx: Context, rule: str) -> QuerySet[Friendship]:
    return Friendship.objects.filter(
        status__in=ENDED, ended_on__lt=timezone.localdate(ctx.cutoff(rule))
    )


def _not_over(ctx: Context) -> QuerySet[Friendship]:
    """Friendships still running, or ended within the ``friendship_ended`` period."""
    return Friendship.objects.exclude(pk__in=_ended_before(ctx, RetentionRule.FRIENDSHIP_ENDED))


def children_due(ctx: Context) -> QuerySet[Any]:
    friendships = Friendship.objects.filter(referral=OuterRef("pk"))
    over = (
        Q(status__in=REFERRAL_CLOSED, closed_at__lt=ctx.cutoff(RetentionRule.REFERRAL_CLOSED))
        & ~Exists(friendships)
    ) | (Exists(friendships) & ~Exists(_not_over(ctx).filter(referral=OuterRef("pk"))))
    referrals = Referral.objects.filter(child=OuterRef("pk"))
    return Child.objects.filter(Exists(referrals)).exclude(Exists(referrals.exclude(over)))


def birth_families_due(ctx: Context) -> QuerySet[Any]:
    children = Child.objects.filter(family=OuterRef("pk"))
    return BirthFamily.objects.filter(Exists(children)).exclude(
        Exists(children.exclude(pk__in=ctx.done(Subjects.CHILD)))
    )


def volunteer_families_due(ctx: Context) -> QuerySet[Any]:
    never_approved = Q(
        approved_at__isnull=True,
        status_changed_at__lt=ctx.cutoff(RetentionRule.FAMILY_NOT_APPROVED),
    )
    left = Q(
        approved_at__isnull=False, status_changed_at__lt=ctx.cutoff(RetentionRule.FAMILY_LEFT)
    ) & ~Exists(_not_over(ctx).filter(family=OuterRef("pk")))
    return VolunteerFamily.objects.filter(status__in=FAMILY_GONE).filter(never_approved | left)


def register() -> None:
    register_subject(
        Subject(
            Subjects.CHILD,
            Child,
            RetentionRule.FRIENDSHIP_ENDED,
            _("A child's course"),
            children_due,
            site="family__site",
            order=10,
        )
    )
    register_subject(
        Subject(
            Subjects.BIRTH_FAMILY,
            BirthFamily,
            RetentionRule.FRIENDSHIP_ENDED,
            _("A child's own family"),
            birth_families_due,
            order=20,
        )
    )
    register_subject(
        Subject(
            Subjects.VOLUNTEER_FAMILY,
            VolunteerFamily,
            RetentionRule.FAMILY_LEFT,
            _("A volunteer family"),
            volunteer_families_due,
            order=30,
        )
    )
    register_subject(
        Subject(
            Subjects.FRIENDSHIP,
            Friendship,
            RetentionRule.FRIENDSHIP_ENDED,
            _("A friendship"),
            lambda ctx: _ended_before(ctx, RetentionRule.FRIENDSHIP_ENDED),
            order=40,
        )
    )
    register_subject(
        Subject(
            Subjects.LOGBOOK,
            Friendship,
            RetentionRule.LOGBOOK,
            _("A friendship's logbook"),
            lambda ctx: _ended_before(ctx, RetentionRule.LOGBOOK),
            order=50,
        )
    )
    register_personal_data(
        *rows_of(
            FRIENDSHIP,
            (
                Friendship,
                "",
                (
                    Field("pickup_place", Category.ADDRESS),
                    Field("dropoff_place", Category.ADDRESS),
                    Field("end_reason", Category.FREE_TEXT),
                ),
            ),
            (FriendshipEvent, "friendship", texts("reason")),
            (FirstMeeting, "friendship", texts("attendees", "notes")),
            (
                VisitAgreement,
                "friendship",
                (
                    Field("pickup_place", Category.ADDRESS),
                    Field("dropoff_place", Category.ADDRESS),
                    Field("contact_arrangement", Category.CONTACT),
                    Field("food_and_allergies", Category.HEALTH),
                    Field("pets", Category.SOCIAL),
                    Field("other", Category.FREE_TEXT),
                    Field("change_reason", Category.FREE_TEXT),
                ),
            ),
            (Visit, "friendship", texts("cancel_note")),
            (
                FutureAgreement,
                "friendship",
                texts("volunteer_note", "parent_note", "child_heard_note", "agreed_details"),
            ),
            (ExtraVisit, "friendship", texts("description")),
            (ExtraVisitEvent, "extra_visit__friendship", texts("reason")),
            (Greeting, "friendship", texts("text", "passed_on_text")),
        ),
        PersonalData(
            GreetingPhoto,
            **FRIENDSHIP,
            path="greeting__friendship",
            fields=(Field("image", Category.PHOTO),),
            delete_rows=True,
        ),
        *rows_of(
            {**FRIENDSHIP, "subject": Subjects.LOGBOOK},
            (LogbookEntry, "friendship", texts("text", "follow_up_text")),
        ),
    )
