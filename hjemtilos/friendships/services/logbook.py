"""Writes for the logbook: the volunteer family's entry after a visit, and staff's screening.

Writing an entry marks its visit held. "Yes" to the overnight question
gives the contact person an urgent task and an e-mail (no overnight stays
in the Hjem til Os year); "I am worried about the child" is handed to safeguarding, which
raises a concern (``friendships.registry``).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.friendships.models import (
    CANCELLED_STATUSES,
    Friendship,
    FriendshipStatus,
    LogbookEntry,
    LogbookTag,
    Mood,
    Rating,
    Visit,
)
from hjemtilos.friendships.registry import Worry, worry_hand_over
from hjemtilos.friendships.services.month_figures import month_figures_refresh
from hjemtilos.friendships.services.plan import friendship_task_create
from hjemtilos.friendships.services.visits import visit_mark_held
from hjemtilos.messaging.services import message_queue_email


def _validate(
    *,
    friendship: Friendship,
    visit: Visit | None,
    rating: int | None,
    mood: str,
    tags: list[str],
    text: str,
    overnight_stay: bool | None,
    worried: bool,
    worry_text: str,
) -> Visit:
    errors: dict[str, str] = {}
    if friendship.status != FriendshipStatus.RUNNING:
        raise ValidationError(_("The friendship is not running."), code="not_running")
    if visit is None or visit.friendship_id != friendship.pk:
        errors["visit"] = _("Choose the visit you write about.")
    elif visit.date > timezone.localdate():
        errors["visit"] = _("You can write about a visit on the day or after.")
    elif visit.status in CANCELLED_STATUSES:
        errors["visit"] = _("This visit was cancelled.")
    elif LogbookEntry.objects.filter(visit=visit).exists():
        errors["visit"] = _("There is already an entry for this visit.")
    if rating not in Rating.values:
        errors["rating"] = _("Choose how it went.")
    if mood not in Mood.values:
        errors["mood"] = _("Choose the child's mood.")
    if any(tag not in LogbookTag.values for tag in tags):
        errors["tags"] = _("Choose among the tags shown.")
    elif not tags and not text.strip():
        errors["text"] = _("Tick what you did or write a few words.")
    if overnight_stay is None:
        errors["overnight_stay"] = _("Answer whether the child stayed overnight.")
    if worried and not worry_text.strip():
        errors["worry_text"] = _("Describe what worries you.")
    if errors or visit is None:
        raise ValidationError(errors, code="logbook")
    return visit


@transaction.atomic
def logbook_entry_create(
    *,
    friendship: Friendship,
    by: User,
    visit: Visit | None,
    rating: int | None,
    mood: str,
    tags: list[str],
    text: str = "",
    needs_follow_up: bool = False,
    follow_up_text: str = "",
    overnight_stay: bool | None,
    worried: bool = False,
    worry_text: str = "",
) -> LogbookEntry:
    """The volunteer family's entry about ``visit``; the visit is marked held."""
    visit = _validate(
        friendship=friendship,
        visit=visit,
        rating=rating,
        mood=mood,
        tags=tags,
        text=text,
        overnight_stay=overnight_stay,
        worried=worried,
        worry_text=worry_text,
    )
    entry = LogbookEntry.objects.create(
        friendship=friendship,
        visit=visit,
        written_by=by,
        written_at=timezone.now(),
        rating=rating,
        mood=mood,
        tags=[tag for tag in LogbookTag.values if tag in tags],
        text=text.strip(),
        needs_follow_up=needs_follow_up or bool(follow_up_text.strip()),
        follow_up_text=follow_up_text.strip(),
        overnight_stay=overnight_stay,
        worried=worried,
    )
    visit_mark_held(visit=visit, by=by)
    month_figures_refresh(site_id=friendship.site_id, days=[timezone.localdate(entry.written_at)])
    if overnight_stay:
        _alert_overnight_stay(entry, visit.date, by)
    if worried:
        # Safeguarding raises the concern (friendships.registry).
        worry_hand_over(
            Worry(
                friendship=friendship,
                by=by,
                text=worry_text,
                observed_on=visit.date,
                logbook_entry=entry,
            )
        )
    return entry


def _alert_overnight_stay(entry: LogbookEntry, on: date, by: User) -> None:
    friendship = entry.friendship
    child = friendship.child.first_name
    task = friendship_task_create(
        friendship=friendship,
        kind=FollowUpKind.OVERNIGHT_STAY,
        title=_("%(child)s stayed overnight with the volunteer family") % {"child": child},
        description=_(
            "Overnight stays are not allowed in the Hjem til Os year. Phone the volunteer "
            "family today and talk it through."
        ),
        due_on=timezone.localdate(),
        by=by,
        is_urgent=True,
        dedupe_key=f"overnight:{entry.pk}",
    )
    owner = task.owner
    if owner is not None and owner.email:
        message_queue_email(
            template="overnight_stay",
            context={
                "first_name": owner.first_name,
                "child_first_name": child,
                "family_name": friendship.family.name,
                "visit_date": on,
                "friendship": friendship,
            },
            to_user=owner,
            related=friendship,
            created_by=by,
        )


@transaction.atomic
def logbook_entry_screen(
    *,
    entry: LogbookEntry,
    by: User,
    follow_up_title: str = "",
    follow_up_due_on: date | None = None,
) -> LogbookEntry:
    """Staff mark an entry screened, with an optional follow-up task for the contact person."""
    entry = LogbookEntry.objects.select_for_update().select_related("friendship").get(pk=entry.pk)
    if entry.screened_at is not None:
        raise ValidationError(_("This entry has been screened already."), code="screened")
    if follow_up_title.strip() and follow_up_due_on is None:
        raise ValidationError({"follow_up_due_on": _("Give the task a date.")}, code="due")
    entry.screened_at = timezone.now()
    entry.screened_by = by
    if follow_up_title.strip() and follow_up_due_on is not None:
        friendship = entry.friendship
        entry.follow_up_task = friendship_task_create(
            friendship=friendship,
            kind=FollowUpKind.LOGBOOK_FOLLOW_UP,
            title=f"{follow_up_title.strip()} – {friendship.child.full_name}",
            description=_("From the logbook entry of %(date)s.")
            % {"date": timezone.localtime(entry.written_at).strftime("%d.%m.%Y")},
            due_on=follow_up_due_on,
            by=by,
        )
    entry.save(update_fields=["screened_at", "screened_by", "follow_up_task"])
    month_figures_refresh(
        site_id=entry.friendship.site_id, days=[timezone.localdate(entry.written_at)]
    )
    return entry
