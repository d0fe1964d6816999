"""Joint outings and events for the volunteer families: invitations by e-mail, sign-ups with
the number of people, attendance — like the supervision sessions."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.links import public_url
from hjemtilos.followups.services.supervision import attendance_record
from hjemtilos.friendships.contacts import running_friendship_per_family, send, volunteer_adults
from hjemtilos.friendships.models import Friendship
from hjemtilos.messaging.recipients import Reach
from hjemtilos.organisations.models import Site
from hjemtilos.support.models import (
    Answer,
    JointEvent,
    JointEventInvitation,
    JointEventKind,
    SupervisionGroup,
)

#: Most people one family may sign up (a household with its friendship child).
MAX_PEOPLE = 12


def _context(event: JointEvent) -> dict[str, object]:
    return {
        "title": event.title,
        "kind": JointEventKind(event.kind).label,
        "starts_at": timezone.localtime(event.starts_at),
        "place": event.place,
        "description": event.description,
        "children_welcome": event.children_welcome,
        "sign_up_by": event.sign_up_by,
        "site_name": event.site.name,
        "url": public_url("support:my_events"),
    }


def _tell_family(friendship: Friendship, event: JointEvent, *, template: str, by: User) -> None:
    send(
        volunteer_adults(friendship),
        reach=Reach.EMAIL_ELSE_SMS,
        template=template,
        context=_context(event),
        related=event,
        by=by,
    )


@transaction.atomic
def joint_event_create(
    *,
    site: Site,
    by: User,
    kind: str,
    title: str,
    starts_at: datetime,
    place: str,
    description: str = "",
    children_welcome: bool = False,
    sign_up_by: date | None = None,
    group: SupervisionGroup | None = None,
) -> JointEvent:
    """Plan an event and invite by e-mail every family in a running friendship at the site
    (or in ``group``)."""
    errors: dict[str, str] = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = _("Choose a time in the future.")
    if sign_up_by is not None and sign_up_by > timezone.localdate(starts_at):
        errors["sign_up_by"] = _("The last day to sign up must be before the day itself.")
    if group is not None and group.site_id != site.pk:
        errors["group"] = _("Choose a group of the same site.")
    if errors:
        raise ValidationError(errors, code="event")
    event = JointEvent(
        site=site,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        place=place.strip(),
        description=description.strip(),
        children_welcome=children_welcome,
        sign_up_by=sign_up_by,
        group=group,
        created_by=by,
    )
    event.full_clean()
    event.save()
    for friendship in running_friendship_per_family(
        site, families=None if group is None else group.families.all()
    ):
        JointEventInvitation.objects.create(event=event, family=friendship.family)
        _tell_family(friendship, event, template="joint_event_invitation", by=by)
    return event


@transaction.atomic
def joint_event_cancel(*, event: JointEvent, by: User) -> JointEvent:
    """Cancel an event; the families who have not said no are told by e-mail."""
    event = JointEvent.objects.select_for_update().select_related("site").get(pk=event.pk)
    if event.cancelled_at is not None:
        raise ValidationError(_("The event is cancelled already."), code="cancelled")
    event.cancelled_at = timezone.now()
    event.save(update_fields=["cancelled_at"])
    told = set(event.invitations.exclude(answer=Answer.NO).values_list("family_id", flat=True))
    for friendship in running_friendship_per_family(event.site):
        if friendship.family_id in told:
            _tell_family(friendship, event, template="joint_event_cancelled", by=by)
    return event


@transaction.atomic
def invitation_answer(
    *, invitation: JointEventInvitation, by: User, answer: str, adults: int = 0, children: int = 0
) -> JointEventInvitation:
    """A family signs up (with how many adults and children come) or says no."""
    invitation = (
        JointEventInvitation.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=invitation.pk)
    )
    event = invitation.event
    if event.cancelled_at is not None:
        raise ValidationError(_("The event is cancelled."), code="cancelled")
    if event.starts_at <= timezone.now():
        raise ValidationError(_("The event has begun; phone your contact person."), code="past")
    errors: dict[str, str] = {}
    if answer not in Answer.values:
        errors["answer"] = _("Answer whether you come.")
    elif answer == Answer.YES:
        if adults < 1:
            errors["adults"] = _("At least one adult comes.")
        if children and not event.children_welcome:
            errors["children"] = _("This time it is for the grown-ups only.")
        elif adults + children > MAX_PEOPLE:
            errors["children"] = _("At most %(n)s people per family.") % {"n": MAX_PEOPLE}
    if errors:
        raise ValidationError(errors, code="answer")
    invitation.answer = answer
    invitation.adults = adults if answer == Answer.YES else 0
    invitation.children = children if answer == Answer.YES else 0
    invitation.answered_at = timezone.now()
    invitation.answered_by = by
    invitation.save(update_fields=["answer", "adults", "children", "answered_at", "answered_by"])
    return invitation


@transaction.atomic
def joint_event_attendance_record(
    *, event: JointEvent, attended_family_ids: set[int], by: User
) -> int:
    """Record who came: every invited family is marked as came or not. Returns how many came."""
    if event.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the event has begun."), code="ahead")
    return attendance_record(
        event.invitations.select_for_update(), attended_family_ids=attended_family_ids, by=by
    )
