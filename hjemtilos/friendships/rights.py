"""The friendship's part of the child's family's data protection rights (docs/privacy-rights.md).

A parent's or a child's access export gets the friendship as the child's family
knows it: the agreed weekday and times, the visits and the greetings the
child's family wrote. The volunteer family's identity is left out (its name,
address, members), and so are the logbook entries it writes (its own account of
the visits, reviewed by staff before any part of it is handed over) and the
greetings it wrote. Withdrawing the photo consent for greetings deletes the
photos at once (``services.greetings.greeting_photo_consent_set``).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.friendships.models import Friendship, Greeting, Side, Visit
from hjemtilos.friendships.services.greetings import greeting_photo_consent_set
from hjemtilos.privacy.exports import ExportSection, Subject, record_row
from hjemtilos.privacy.models import Consent
from hjemtilos.referrals.models import Guardian

FRIENDSHIP_FIELDS = [
    "status",
    "first_meeting_on",
    "started_on",
    "anniversary_on",
    "weekday",
    "pickup_time",
    "pickup_place",
    "dropoff_time",
    "dropoff_place",
    "parent_reminders",
    "ended_on",
    "ended_by",
    "end_reason_category",
    "continues_privately",
    "greeting_photo_consent_at",
]


def _sections(queryset: QuerySet[Friendship]) -> list[ExportSection]:
    friendships = list(queryset.select_related("child").order_by("created_at"))
    if not friendships:
        return []
    ids = [friendship.pk for friendship in friendships]
    visits = Visit.objects.filter(friendship_id__in=ids).order_by("date", "id")
    greetings = Greeting.objects.filter(
        friendship_id__in=ids, from_side=Side.CHILD_FAMILY
    ).order_by("written_at", "id")
    return [
        ExportSection(
            key="friendships",
            title=_("The friendship with a volunteer family"),
            rows=[
                {_("child"): friendship.child.first_name}
                | record_row(friendship, FRIENDSHIP_FIELDS)
                for friendship in friendships
            ],
            note=_(
                "The volunteer family's identity, its logbook entries about the visits and "
                "the greetings it wrote are left out; staff can hand over parts of the "
                "logbook after a review."
            ),
        ),
        ExportSection(
            key="visits",
            title=_("Visits"),
            rows=[
                record_row(visit, ["date", "status", "original_date", "cancel_reason"])
                for visit in visits
            ],
        ),
        ExportSection(
            key="greetings",
            title=_("Greetings your family wrote"),
            rows=[record_row(greeting, ["written_at", "text"]) for greeting in greetings],
        ),
    ]


def guardian_export(subject: Subject) -> list[ExportSection]:
    record = subject.record
    if not isinstance(record, Guardian):
        return []
    return _sections(Friendship.objects.filter(child__family_id=record.family_id))


def child_export(subject: Subject) -> list[ExportSection]:
    return _sections(Friendship.objects.filter(child_id=subject.pk))


def greeting_photos_withdrawn(consent: Consent, by: User | None) -> None:
    """Withdrawn photo consent: the photos already sent are deleted at once."""
    if by is None:
        return
    friendship = Friendship.objects.get(pk=int(consent.scope_key.removeprefix("friendship-")))
    greeting_photo_consent_set(friendship=friendship, by=by, consent=False)
