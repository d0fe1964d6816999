"""Friendships (*venskaber*): one child, one volunteer family, one year of weekly visits.

Split by subject: the friendship and its agreement (``friendship``), visits,
school holidays and calendar feeds (``visits``), extra visits beside the weekly
one (``extra``), the logbook (``logbook``), greetings between the families
(``greetings``) and the end of the year (``ending``).
"""

from hjemtilos.friendships.models.ending import (
    DeletionConfirmation,
    DeletionScope,
    Frequency,
    FutureAgreement,
    GuidanceRead,
)
from hjemtilos.friendships.models.extra import (
    ExtraVisit,
    ExtraVisitEvent,
    ExtraVisitKind,
    ExtraVisitStatus,
)
from hjemtilos.friendships.models.figures import MonthFigures
from hjemtilos.friendships.models.friendship import (
    AGREEMENT_FIELDS,
    FRIENDSHIP_ACTIVE_STATUSES,
    EndedBy,
    FirstMeeting,
    Friendship,
    FriendshipEvent,
    FriendshipStatus,
    PlaceKind,
    VisitAgreement,
)
from hjemtilos.friendships.models.greetings import (
    GREETING_MAX_LENGTH,
    GREETING_MAX_PHOTOS,
    Greeting,
    GreetingPhoto,
)
from hjemtilos.friendships.models.logbook import LogbookEntry, LogbookTag, Mood, Rating
from hjemtilos.friendships.models.visits import (
    CANCELLED_STATUS_BY_SIDE,
    CANCELLED_STATUSES,
    CalendarFeed,
    CancelReason,
    HolidayKind,
    SchoolHoliday,
    Side,
    Visit,
    VisitStatus,
)

# Kept with the referral, whose caseworker is told the reason; re-exported here.
from hjemtilos.referrals.models import EndReason

__all__ = [
    "AGREEMENT_FIELDS",
    "CANCELLED_STATUSES",
    "CANCELLED_STATUS_BY_SIDE",
    "FRIENDSHIP_ACTIVE_STATUSES",
    "GREETING_MAX_LENGTH",
    "GREETING_MAX_PHOTOS",
    "CalendarFeed",
    "CancelReason",
    "DeletionConfirmation",
    "DeletionScope",
    "EndReason",
    "EndedBy",
    "ExtraVisit",
    "ExtraVisitEvent",
    "ExtraVisitKind",
    "ExtraVisitStatus",
    "FirstMeeting",
    "Frequency",
    "Friendship",
    "FriendshipEvent",
    "FriendshipStatus",
    "FutureAgreement",
    "Greeting",
    "GreetingPhoto",
    "GuidanceRead",
    "HolidayKind",
    "LogbookEntry",
    "LogbookTag",
    "MonthFigures",
    "Mood",
    "PlaceKind",
    "Rating",
    "SchoolHoliday",
    "Side",
    "Visit",
    "VisitAgreement",
    "VisitStatus",
]
