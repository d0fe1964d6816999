"""Writes for greetings between the families (ADR 0060, greetings between the families).

The volunteer family sends the parent a few lines after a visit, with up to
three photos where the parent agreed to photos; the parent replies. The
other family gets an SMS that a greeting has arrived (never its text). With
relayed feedback on, a greeting goes to the contact person first, who
passes it on; staff also record feedback they passed on by phone. Each
delivery moves the friendship's feedback clock, which the attention list
reads. Greetings, photos and files are deleted when the year ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.links import public_url
from hjemtilos.core.photos import CleanPhoto, clean_photo, delete_file_on_commit
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_tasks_complete_open
from hjemtilos.friendships.contacts import family_of, other_side, send
from hjemtilos.friendships.models import (
    CANCELLED_STATUSES,
    GREETING_MAX_LENGTH,
    GREETING_MAX_PHOTOS,
    Friendship,
    FriendshipStatus,
    Greeting,
    GreetingPhoto,
    Side,
    Visit,
)
from hjemtilos.friendships.registry import Worry, worry_hand_over
from hjemtilos.friendships.services.plan import friendship_task_create
from hjemtilos.messaging.recipients import Reach
from hjemtilos.messaging.services import message_queue_email
from hjemtilos.privacy.models import ConsentKind, ConsentMethod
from hjemtilos.privacy.services import consent_give, consents_withdraw_for_scope
from hjemtilos.referrals.services import family_key

#: Greetings in either direction that stay away this long put the friendship on the
#: attention list (issue 15: "4 weeks").
FEEDBACK_GAP_DAYS = 28


def feedback_cutoff(today: date) -> datetime:
    """Greetings before this moment are older than the feedback gap."""
    return timezone.make_aware(datetime.combine(today - timedelta(days=FEEDBACK_GAP_DAYS), time()))


def feedback_filter(today: date) -> Q:
    """Running friendships where greetings have stayed away from one family for 4 weeks.

    The clock starts with the first greeting (or when staff turn relayed
    feedback on): families who never use greetings are not flagged for it.
    """
    cutoff = feedback_cutoff(today)

    def stale(field: str) -> Q:
        return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": cutoff})

    return Q(status=FriendshipStatus.RUNNING, greetings_since__lt=cutoff) & (
        stale("last_greeting_to_parent_at") | stale("last_greeting_to_volunteer_at")
    )


def feedback_stale_sides(friendship: Friendship, today: date) -> list[str]:
    """The families greetings have stayed away from (the same rule, for one friendship)."""
    cutoff = feedback_cutoff(today)
    if (
        friendship.status != FriendshipStatus.RUNNING
        or friendship.greetings_since is None
        or friendship.greetings_since >= cutoff
    ):
        return []
    last = {
        Side.CHILD_FAMILY: friendship.last_greeting_to_parent_at,
        Side.VOLUNTEER_FAMILY: friendship.last_greeting_to_volunteer_at,
    }
    return [side for side, at in last.items() if at is None or at < cutoff]


def _check_text(text: str, errors: dict[str, str], field: str = "text") -> None:
    if not text.strip():
        errors[field] = _("Write a few words.")
    elif len(text.strip()) > GREETING_MAX_LENGTH:
        errors[field] = _("Keep it to %(n)s characters.") % {"n": GREETING_MAX_LENGTH}


def _check_running(friendship: Friendship) -> None:
    if friendship.status != FriendshipStatus.RUNNING:
        raise ValidationError(_("The friendship is not running."), code="not_running")


def _validate(
    *,
    friendship: Friendship,
    side: str,
    text: str,
    visit: Visit | None,
    reply_to: Greeting | None,
    photos: Sequence[UploadedFile[bytes]],
    worried: bool,
    worry_text: str,
) -> list[CleanPhoto]:
    _check_running(friendship)
    errors: dict[str, str] = {}
    if side not in Side.values:
        raise ValidationError(_("Choose the family."), code="side")
    _check_text(text, errors)
    if visit is not None and (
        visit.friendship_id != friendship.pk
        or visit.date > timezone.localdate()
        or visit.status in CANCELLED_STATUSES
    ):
        errors["visit"] = _("Choose a visit that has taken place.")
    if reply_to is not None and (
        reply_to.friendship_id != friendship.pk
        or reply_to.from_side == side
        or reply_to.delivered_at is None
        or reply_to.by_phone
    ):
        errors["reply_to"] = _("You can only reply to a greeting you have received.")
    if photos and side != Side.VOLUNTEER_FAMILY:
        errors["photos"] = _("Only the volunteer family sends photos.")
    elif photos and friendship.greeting_photo_consent_at is None:
        errors["photos"] = _(
            "The child's family has not agreed to photos in greetings, so no photo can be sent."
        )
    elif len(photos) > GREETING_MAX_PHOTOS:
        errors["photos"] = _("Send at most %(n)s photos.") % {"n": GREETING_MAX_PHOTOS}
    if worried and side != Side.VOLUNTEER_FAMILY:
        errors["worried"] = _("Phone your contact person about a worry.")
    elif worried and not worry_text.strip():
        errors["worry_text"] = _("Describe what worries you.")
    cleaned: list[CleanPhoto] = []
    if "photos" not in errors:
        for upload in photos:
            try:
                cleaned.append(clean_photo(upload, max_bytes=settings.GREETING_PHOTO_MAX_BYTES))
            except ValidationError as error:
                errors["photos"] = " ".join(error.messages)
                break
    if errors:
        raise ValidationError(errors, code="greeting")
    return cleaned


def _store_photos(greeting: Greeting, photos: list[CleanPhoto]) -> None:
    """Write the files and their rows; a failure removes the files already written."""
    written: list[GreetingPhoto] = []
    try:
        for clean in photos:
            photo = GreetingPhoto(
                greeting=greeting,
                content_type=clean.content_type,
                width=clean.width,
                height=clean.height,
            )
            photo.image.save(f"photo{clean.extension}", ContentFile(clean.content), save=False)
            written.append(photo)
            photo.save()
    except Exception:
        for photo in written:
            photo.image.delete(save=False)
        raise


def _feedback_clock(friendship: Friendship, to_side: str, at: datetime) -> None:
    """A greeting reached ``to_side`` at ``at``: the attention list's feedback clock moves.

    The clock starts with the first greeting; each direction keeps its latest.
    """
    field = (
        "last_greeting_to_parent_at"
        if to_side == Side.CHILD_FAMILY
        else "last_greeting_to_volunteer_at"
    )
    Friendship.objects.filter(pk=friendship.pk).update(
        greetings_since=Least(Coalesce(F("greetings_since"), Value(at)), Value(at)),
        **{field: Greatest(Coalesce(F(field), Value(at)), Value(at))},
    )


def _portal_url(friendship: Friendship) -> str:
    return public_url("friendships:greetings", friendship.pk)


def _deliver(greeting: Greeting, by: User, at: datetime) -> None:
    """The greeting reaches the other family: an SMS (or e-mail without a phone) says so."""
    friendship = greeting.friendship
    to_side = other_side(greeting.from_side)
    # A parent may have only a phone: SMS first, e-mail to those without one.
    send(
        family_of(friendship, to_side),
        reach=Reach.SMS_ELSE_EMAIL,
        template="greeting_arrived",
        context={
            "from_side": greeting.from_side,
            "child_first_name": friendship.child.first_name,
            "family_name": friendship.family.name,
            "has_photos": greeting.photos.exists(),
            "url": _portal_url(friendship),
        },
        related=friendship,
        by=by,
    )
    _feedback_clock(friendship, to_side, at)


def _ask_contact_person(greeting: Greeting, by: User) -> None:
    """Relayed feedback: the contact person gets a task and an e-mail (without the text)."""
    friendship = greeting.friendship
    recipient = (
        _("%(child)s's family") % {"child": friendship.child.first_name}
        if greeting.from_side == Side.VOLUNTEER_FAMILY
        else friendship.family.name
    )
    task = friendship_task_create(
        friendship=friendship,
        kind=FollowUpKind.RELAY_GREETING,
        title=_("Pass on a greeting to %(recipient)s") % {"recipient": recipient},
        description=_(
            "Relayed feedback is on for this friendship. Read the greeting and pass it on in "
            "your own words or in the family's language."
        ),
        due_on=timezone.localdate(),
        by=by,
        dedupe_key=f"relay:{greeting.pk}",
    )
    owner = task.owner
    if owner is not None and owner.email:
        message_queue_email(
            template="greeting_to_relay",
            context={
                "first_name": owner.first_name,
                "child_first_name": friendship.child.first_name,
                "url": public_url("friendships:greeting_relay", greeting.pk),
            },
            to_user=owner,
            related=friendship,
            created_by=by,
        )


def greeting_send(
    *,
    friendship: Friendship,
    side: str,
    by: User,
    text: str,
    visit: Visit | None = None,
    reply_to: Greeting | None = None,
    photos: Sequence[UploadedFile[bytes]] = (),
    worried: bool = False,
    worry_text: str = "",
) -> Greeting:
    """A greeting from ``side`` to the other family (a reply when ``reply_to`` is given).

    Photos only from the volunteer family and only with the parent's consent.
    A worry ticked with the greeting goes to safeguarding, never to the
    other family.
    """
    cleaned = _validate(
        friendship=friendship,
        side=side,
        text=text,
        visit=visit,
        reply_to=reply_to,
        photos=photos,
        worried=worried,
        worry_text=worry_text,
    )
    now = timezone.now()
    with transaction.atomic():
        greeting = Greeting(
            friendship=friendship,
            from_side=side,
            visit=visit,
            reply_to=reply_to,
            text=text.strip(),
            written_by=by,
            written_at=now,
            via_contact_person=friendship.relayed_feedback,
            delivered_at=None if friendship.relayed_feedback else now,
        )
        greeting.full_clean()
        greeting.save()
        _store_photos(greeting, cleaned)
        if greeting.via_contact_person:
            _ask_contact_person(greeting, by)
        else:
            _deliver(greeting, by, now)
        if worried:
            # Safeguarding raises the concern (friendships.registry); the parent never sees it.
            worry_hand_over(
                Worry(
                    friendship=friendship,
                    by=by,
                    text=worry_text.strip(),
                    observed_on=visit.date if visit else timezone.localdate(),
                )
            )
    return greeting


@transaction.atomic
def greeting_pass_on(*, greeting: Greeting, by: User, text: str) -> Greeting:
    """The contact person passes a waiting greeting on, in their own words or the
    family's language; the other family is told it has arrived."""
    greeting = (
        Greeting.objects.select_for_update(of=("self",))
        .select_related("friendship__child", "friendship__family")
        .get(pk=greeting.pk)
    )
    if not greeting.is_waiting:
        raise ValidationError(_("This greeting has been passed on already."), code="passed_on")
    _check_running(greeting.friendship)
    errors: dict[str, str] = {}
    _check_text(text, errors)
    if errors:
        raise ValidationError(errors, code="pass_on")
    now = timezone.now()
    greeting.passed_on_text = text.strip()
    greeting.passed_on_at = now
    greeting.passed_on_by = by
    greeting.delivered_at = now
    greeting.save(update_fields=["passed_on_text", "passed_on_at", "passed_on_by", "delivered_at"])
    _deliver(greeting, by, now)
    follow_up_tasks_complete_open(
        by=by,
        kind=FollowUpKind.RELAY_GREETING,
        outcome=_("Passed on."),
        dedupe_key=f"relay:{greeting.pk}",
    )
    return greeting


@transaction.atomic
def greeting_record_phone(
    *, friendship: Friendship, by: User, from_side: str, text: str, passed_on_on: date | None
) -> Greeting:
    """Staff record feedback they passed on by phone (for staff only; it moves the clock)."""
    _check_running(friendship)
    errors: dict[str, str] = {}
    if from_side not in Side.values:
        errors["from_side"] = _("Choose whose feedback you passed on.")
    _check_text(text, errors)
    today = timezone.localdate()
    if passed_on_on is None:
        errors["passed_on_on"] = _("Give the date.")
    elif passed_on_on > today:
        errors["passed_on_on"] = _("The date cannot be in the future.")
    elif friendship.started_on and passed_on_on < friendship.started_on:
        errors["passed_on_on"] = _("The date is before the friendship started.")
    if errors or passed_on_on is None:
        raise ValidationError(errors, code="phone_feedback")
    at = (
        timezone.now()
        if passed_on_on == today
        else timezone.make_aware(datetime.combine(passed_on_on, time(12)))
    )
    greeting = Greeting(
        friendship=friendship,
        from_side=from_side,
        text=text.strip(),
        written_by=by,
        written_at=timezone.now(),
        by_phone=True,
        passed_on_by=by,
        passed_on_at=at,
        delivered_at=at,
    )
    greeting.full_clean()
    greeting.save()
    _feedback_clock(friendship, other_side(from_side), at)
    return greeting


def _delete_photos(photos: Sequence[GreetingPhoto]) -> int:
    for photo in photos:
        delete_file_on_commit(photo.image)
    GreetingPhoto.objects.filter(pk__in=[p.pk for p in photos]).delete()
    return len(photos)


@transaction.atomic
def greeting_photo_consent_set(*, friendship: Friendship, by: User, consent: bool) -> Friendship:
    """Record or withdraw the parent's consent to photos of the child in greetings.

    Withdrawing deletes the photos already sent, files too (SPEC 7: consent
    can be withdrawn); the greetings' text stays.
    """
    friendship = (
        Friendship.objects.select_for_update().select_related("child").get(pk=friendship.pk)
    )
    # The consent's record (privacy.Consent): who, when, how, on which wording.
    method = ConsentMethod.PORTAL if by.role == Role.PARENT else ConsentMethod.PHONE
    scope = f"friendship-{friendship.pk}"
    if consent:
        if friendship.greeting_photo_consent_at is None:
            friendship.greeting_photo_consent_at = timezone.now()
            friendship.greeting_photo_consent_by = by
        consent_give(
            kind=ConsentKind.GREETING_PHOTOS,
            site_id=friendship.site_id,
            person_key=family_key(friendship.child.family_id),
            person_name=_("The parents of %(name)s") % {"name": friendship.child.first_name},
            scope_key=scope,
            scope_label=_("Greetings to %(name)s") % {"name": friendship.child.first_name},
            method=method,
            by=by,
        )
    else:
        _delete_photos(list(GreetingPhoto.objects.filter(greeting__friendship=friendship)))
        friendship.greeting_photo_consent_at = None
        friendship.greeting_photo_consent_by = None
        consents_withdraw_for_scope(
            kind=ConsentKind.GREETING_PHOTOS, scope_key=scope, by=by, method=method
        )
    friendship.save(update_fields=["greeting_photo_consent_at", "greeting_photo_consent_by"])
    return friendship


@transaction.atomic
def relayed_feedback_set(*, friendship: Friendship, by: User, enabled: bool) -> Friendship:
    """Staff turn relayed feedback on or off. Turned on, the feedback clock starts.

    Turning it off passes nothing on by itself: greetings already waiting stay
    with the contact person until passed on.
    """
    friendship = Friendship.objects.select_for_update().get(pk=friendship.pk)
    _check_running(friendship)
    friendship.relayed_feedback = enabled
    if enabled and friendship.greetings_since is None:
        friendship.greetings_since = timezone.now()
    friendship.save(update_fields=["relayed_feedback", "greetings_since"])
    return friendship


def greetings_delete(*, friendship: Friendship) -> int:
    """Delete the friendship's greetings and their photos (files after the commit).

    Called when the year ends (the anniversary or an early ending), inside
    that transaction. Returns the number of greetings deleted.
    """
    _delete_photos(list(GreetingPhoto.objects.filter(greeting__friendship=friendship)))
    _total, by_model = Greeting.objects.filter(friendship=friendship).delete()
    return by_model.get(Greeting._meta.label, 0)
