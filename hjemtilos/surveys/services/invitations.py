"""Survey invitations: sending the personal links, reminders, expiry, consent and declining.

The daily job (``surveys/jobs.py``) sends each survey at its moment: the
parents' baseline when the friendship starts, the parents' and the volunteer
family's end surveys at the anniversary or an early ending. Each person gets
one invitation per survey and friendship (a unique constraint), by e-mail
**and** SMS where the address exists, so a parent with only a phone gets the
SMS. Reminders follow after 7 and 14 days, claimed by a conditional update so a
job that runs twice reminds once; the link expires after four weeks (ADR 0054).

An invitation's lifecycle (``INVITATION_WORKFLOW``): invited → reminded →
answered, or declined (one click, no more reminders) or expired. Staff may
reopen a declined or expired invitation with a reason; the respondent may undo
their own decline from the link.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.services import status_apply, status_event_record
from hjemtilos.core.workflow import Workflow
from hjemtilos.friendships.contacts import guardians, volunteer_adults
from hjemtilos.friendships.models import EndReason, Friendship, FriendshipStatus
from hjemtilos.messaging.models import Channel
from hjemtilos.messaging.recipients import Reach, Recipient, channels_for
from hjemtilos.messaging.services import message_queue_to_people
from hjemtilos.privacy.models import Consent, ConsentKind, ConsentMethod
from hjemtilos.privacy.selectors import sms_refused_keys
from hjemtilos.privacy.services import consent_give, consents_withdraw_for_scope
from hjemtilos.surveys.links import ANSWER_WINDOW, invitation_url
from hjemtilos.surveys.models import (
    INVITATION_OPEN_STATUSES,
    Audience,
    InvitationEvent,
    InvitationStatus,
    Moment,
    Survey,
    SurveyInvitation,
    SurveyResponse,
    SurveyVersion,
    new_link_key,
)
from hjemtilos.surveys.models import InvitationStatus as S
from hjemtilos.surveys.selectors import current_versions

logger = logging.getLogger(__name__)

INVITATION_WORKFLOW = Workflow(
    statuses=S,
    order=[S.SENT, S.REMINDED, S.DECLINED, S.EXPIRED, S.ANSWERED],
    moves={
        S.SENT: frozenset({S.REMINDED, S.DECLINED, S.EXPIRED, S.ANSWERED}),
        S.REMINDED: frozenset({S.DECLINED, S.EXPIRED, S.ANSWERED}),
        # Reopened (a new link, with a reason), or answered on the phone after all.
        S.DECLINED: frozenset({S.SENT, S.ANSWERED}),
        S.EXPIRED: frozenset({S.SENT, S.ANSWERED}),
        S.ANSWERED: frozenset(),
    },
)

#: Reminders go this many days after the link was sent: the first, then the second.
REMINDER_DAYS = (7, 14)
#: The baseline is sent once the friendship runs (its first meeting is recorded, up to
#: two weeks before the first solo visit) and until three weeks into the year.
START_SEND_BEFORE = timedelta(days=14)
START_SEND_AFTER = timedelta(days=21)
#: The end surveys are sent up to three weeks after the end (an ending recorded late).
END_SEND_AFTER = timedelta(days=21)


@transaction.atomic
def invitation_transition(
    *,
    invitation: SurveyInvitation,
    to_status: str,
    by: User | None,
    reason: str = "",
    **fields: Any,
) -> SurveyInvitation:
    """Move ``invitation`` to ``to_status`` if the workflow allows it, and record the event."""
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    from_status = status_apply(invitation, INVITATION_WORKFLOW, to_status, reason=reason, **fields)
    status_event_record(
        InvitationEvent,
        invitation=invitation,
        from_status=from_status,
        to_status=to_status,
        by=by,
        reason=reason.strip(),
    )
    return invitation


# Sending -------------------------------------------------------------------------------


def respondents(friendship: Friendship, audience: str) -> list[Recipient]:
    """Who answers a survey for ``audience`` about ``friendship``: the child's guardians or
    the volunteer family's adults (prefetch ``child__family__guardians__user`` and
    ``family__members__user`` for many)."""
    if audience == Audience.PARENT:
        return guardians(friendship)
    if audience == Audience.VOLUNTEER:
        return volunteer_adults(friendship)
    return []


def _send_link(
    invitation: SurveyInvitation,
    person: Recipient,
    *,
    template: str,
    by: User | None,
    sms_refused: Collection[str] | None = None,
    **extra: Any,
) -> tuple[bool, bool]:
    """Send the link by e-mail and by SMS, where the person has the address. Returns
    whether each went. ``sms_refused``: as for ``message_queue_to_people``."""
    friendship = invitation.friendship
    context = {
        "version": invitation.version,
        "child_first_name": friendship.child.first_name,
        "site_name": friendship.site.name,
        "audience": invitation.survey.audience,
        "url": invitation_url(invitation),
        "expires_on": timezone.localdate(invitation.expires_at),
        **extra,
    }
    queued = message_queue_to_people(
        [person],
        template=template,
        context=context,
        reach=Reach.EVERY_CHANNEL,
        related=friendship,
        created_by=by,
        sms_refused=sms_refused,
    )
    channels = {message.channel for message in queued}
    return Channel.EMAIL in channels, Channel.SMS in channels


def _invite(
    *,
    survey: Survey,
    version: SurveyVersion,
    friendship: Friendship,
    person: Recipient,
    occasion_on: date,
    by: User | None,
    sms_refused: Collection[str],
) -> SurveyInvitation | None:
    """Make the invitation, its first event and its messages in one transaction; None if
    another run made it first. The caller has checked that the person did not answer.

    The channels are decided before the row is written (by the rule the messages
    follow), so ``sent_by_email``/``sent_by_sms`` go in with the insert and no
    second write is needed; ``sms_refused`` holds the caller's answer for the person.
    """
    if not person.key:
        raise ValueError("A respondent needs its key within the friendship.")
    kind, _sep, pk = person.key.partition("-")
    channels = channels_for(
        person,
        template="survey_invitation",
        reach=Reach.EVERY_CHANNEL,
        sms_allowed=person.key not in sms_refused,
    )
    now = timezone.now()
    invitation = SurveyInvitation(
        survey=survey,
        version=version,
        friendship=friendship,
        site_id=friendship.site_id,
        respondent_key=person.key,
        guardian_id=int(pk) if kind == "guardian" else None,
        member_id=int(pk) if kind == "member" else None,
        language=person.language or "da",
        occasion_on=occasion_on,
        sent_at=now,
        expires_at=now + ANSWER_WINDOW,
        sent_by_email=Channel.EMAIL in channels,
        sent_by_sms=Channel.SMS in channels,
    )
    # A new invitation has no response yet: saying so spares the audit log's diff of the
    # new row a query for it (it reads every field, the reverse one-to-one too).
    SurveyInvitation.response.related.set_cached_value(invitation, None)
    try:
        with transaction.atomic():
            invitation.save(force_insert=True)
            status_event_record(
                InvitationEvent, invitation=invitation, to_status=InvitationStatus.SENT, by=by
            )
            _send_link(
                invitation,
                person,
                template="survey_invitation",
                by=by,
                sms_refused=sms_refused,
            )
    except IntegrityError:
        # The one-per-person constraint: a second scheduler (or run) invited them
        # in the meantime. Anything else is not ours to swallow.
        if SurveyInvitation.objects.filter(
            survey=survey, friendship=friendship, respondent_key=person.key
        ).exists():
            return None
        raise
    if not invitation.reached:
        logger.info("Survey invitation %s has no e-mail or phone to go to", invitation.pk)
    return invitation


def invitation_create(
    *,
    survey: Survey,
    version: SurveyVersion,
    friendship: Friendship,
    person: Recipient,
    occasion_on: date,
    by: User | None = None,
) -> SurveyInvitation | None:
    """Invite ``person`` to answer ``survey`` about ``friendship`` and send the link.

    Returns None if the person has been invited to this survey already (or
    their answers were entered by staff): one invitation per person, however
    often this is called.
    """
    if SurveyResponse.objects.filter(
        survey=survey, friendship=friendship, respondent_key=person.key
    ).exists():
        return None
    return _invite(
        survey=survey,
        version=version,
        friendship=friendship,
        person=person,
        occasion_on=occasion_on,
        by=by,
        sms_refused=sms_refused_keys([person.key]),
    )


def _due_friendships(moment: str, today: date) -> QuerySet[Friendship]:
    if moment == Moment.START:
        return Friendship.objects.filter(
            status=FriendshipStatus.RUNNING,
            started_on__gte=today - START_SEND_AFTER,
            started_on__lte=today + START_SEND_BEFORE,
        )
    # A friendship ended because of a safeguarding concern gets no automatic
    # questionnaire: staff decide how the families are approached.
    return Friendship.objects.filter(
        status__in=(FriendshipStatus.COMPLETED, FriendshipStatus.ENDED_EARLY),
        ended_on__gte=today - END_SEND_AFTER,
        ended_on__lte=today,
    ).exclude(end_reason_category=EndReason.SAFEGUARDING)


def _occasion(friendship: Friendship, moment: str) -> date:
    day = friendship.started_on if moment == Moment.START else friendship.ended_on
    return day or timezone.localdate()


def invitations_send(*, today: date | None = None) -> int:
    """Daily: invite everyone whose survey is due today and who has not been asked yet.

    Returns how many invitations were made. Idempotent: a second run the same
    day (or a second scheduler) finds everyone invited and sends nothing.
    """
    today = today or timezone.localdate()
    made = 0
    for moment in (Moment.START, Moment.END):
        surveys = [
            (survey, version)
            for survey, version in current_versions(moment=moment)
            if survey.audience in (Audience.PARENT, Audience.VOLUNTEER)
        ]
        if not surveys:
            continue
        friendships = list(
            _due_friendships(moment, today)
            .select_related("site", "child__family", "family")
            .prefetch_related("family__members__user", "child__family__guardians__user")
        )
        if not friendships:
            continue
        asked = {
            (survey_id, friendship_id, key)
            for model in (SurveyInvitation, SurveyResponse)
            for survey_id, friendship_id, key in model.objects.filter(
                friendship__in=friendships, survey__in=[s for s, _v in surveys]
            ).values_list("survey_id", "friendship_id", "respondent_key")
        }
        due = [
            (friendship, survey, version, person)
            for friendship in friendships
            for survey, version in surveys
            for person in respondents(friendship, survey.audience)
            if (survey.pk, friendship.pk, person.key) not in asked
        ]
        # One question about SMS consent for the whole batch, not one per person.
        sms_refused = sms_refused_keys(person.key for *_rest, person in due)
        for friendship, survey, version, person in due:
            made += bool(
                _invite(
                    survey=survey,
                    version=version,
                    friendship=friendship,
                    person=person,
                    occasion_on=_occasion(friendship, moment),
                    by=None,
                    sms_refused=sms_refused,
                )
            )
    return made


def _person(invitation: SurveyInvitation) -> Recipient | None:
    people = respondents(invitation.friendship, invitation.survey.audience)
    return next((p for p in people if p.key == invitation.respondent_key), None)


def invitation_reminders_send(*, now: datetime | None = None) -> int:
    """Daily: the first reminder 7 days after the link, the second after 14 (once each).

    Only invitations still open and reachable by e-mail or SMS are reminded; a
    declined, answered or expired one never is. Returns how many were reminded.
    """
    now = now or timezone.now()
    reminded = 0
    for number, days in enumerate(REMINDER_DAYS):
        due = (
            SurveyInvitation.objects.filter(
                status__in=INVITATION_OPEN_STATUSES,
                reminders_sent=number,
                sent_at__lte=now - timedelta(days=days),
                expires_at__gt=now,
            )
            .filter(Q(sent_by_email=True) | Q(sent_by_sms=True))
            .select_related(
                "survey",
                "version",
                "friendship__site",
                "friendship__child__family",
                "friendship__family",
            )
            .prefetch_related(
                "friendship__family__members__user", "friendship__child__family__guardians__user"
            )
        )
        for invitation in due:
            with transaction.atomic():
                claimed = SurveyInvitation.objects.filter(
                    pk=invitation.pk,
                    reminders_sent=number,
                    status__in=INVITATION_OPEN_STATUSES,
                ).update(reminders_sent=number + 1, reminded_at=now)
                if not claimed:
                    continue
                if invitation.status == InvitationStatus.SENT:
                    invitation_transition(
                        invitation=invitation, to_status=InvitationStatus.REMINDED, by=None
                    )
                person = _person(invitation)
                if person is not None:
                    _send_link(
                        invitation,
                        person,
                        template="survey_reminder",
                        by=None,
                        last=number + 1 == len(REMINDER_DAYS),
                    )
                reminded += 1
    return reminded


def invitations_expire(*, now: datetime | None = None) -> int:
    """Daily: close the links that were not answered in time. Returns how many."""
    now = now or timezone.now()
    expired = 0
    for pk in SurveyInvitation.objects.filter(
        status__in=INVITATION_OPEN_STATUSES, expires_at__lte=now
    ).values_list("pk", flat=True):
        try:
            invitation_transition(
                invitation=SurveyInvitation(pk=pk), to_status=InvitationStatus.EXPIRED, by=None
            )
        except ValidationError:
            continue  # answered or declined in the meantime
        expired += 1
    return expired


# The respondent's choices -----------------------------------------------------------------


def _lock_open(invitation: SurveyInvitation) -> SurveyInvitation:
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == InvitationStatus.ANSWERED:
        raise ValidationError(_("This survey has been answered already. Thank you!"), code="done")
    if not invitation.is_open or invitation.expires_at <= timezone.now():
        raise ValidationError(_("This link can no longer be used."), code="closed")
    return invitation


@transaction.atomic
def invitation_consent(*, invitation: SurveyInvitation) -> SurveyInvitation:
    """The respondent agrees to take part (the first page of the link); recorded once."""
    invitation = _lock_open(invitation)
    if invitation.consented_at is None:
        invitation.consented_at = timezone.now()
        invitation.save(update_fields=["consented_at"])
        person = invitation.guardian or invitation.member
        consent_give(
            kind=ConsentKind.SURVEY,
            site_id=invitation.site_id,
            person_key=invitation.respondent_key,
            person_name=f"{person.first_name} {person.last_name}" if person else "-",
            scope_key=f"survey-{invitation.pk}",
            scope_label=str(invitation.survey),
            method=ConsentMethod.LINK,
            by=None,
        )
    return invitation


@transaction.atomic
def invitation_decline(*, invitation: SurveyInvitation, by: User | None = None) -> SurveyInvitation:
    """No thank you: one click; no reminders follow. A consent given before is withdrawn."""
    invitation = _lock_open(invitation)
    consents_withdraw_for_scope(
        kind=ConsentKind.SURVEY,
        scope_key=f"survey-{invitation.pk}",
        by=by,
        method=ConsentMethod.LINK if by is None else ConsentMethod.PORTAL,
    )
    return invitation_transition(
        invitation=invitation,
        to_status=InvitationStatus.DECLINED,
        by=by,
        declined_at=timezone.now(),
        consented_at=None,
    )


def survey_consent_withdrawn(consent: Consent, by: User | None) -> None:
    """Withdrawn on the person's privacy page: an invitation still open is declined (no
    reminders follow). Answers already given stay, counted without a name (ADR 0055)."""
    invitation = SurveyInvitation.objects.get(pk=int(consent.scope_key.removeprefix("survey-")))
    if invitation.is_open:
        invitation_decline(invitation=invitation, by=by)


@transaction.atomic
def invitation_undo_decline(*, invitation: SurveyInvitation) -> SurveyInvitation:
    """The respondent changes their mind on the link's page: the same link works again
    until it would have expired."""
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.DECLINED:
        raise ValidationError(_("There is no decline to undo."), code="not_declined")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This link can no longer be used."), code="closed")
    return invitation_transition(
        invitation=invitation,
        to_status=InvitationStatus.SENT,
        by=None,
        reason=_("The respondent changed their mind on the survey's page."),
        declined_at=None,
    )


@transaction.atomic
def invitation_reopen(*, invitation: SurveyInvitation, by: User, reason: str) -> SurveyInvitation:
    """Staff send a declined or expired invitation again (a new link; the old one stops)."""
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status not in (InvitationStatus.DECLINED, InvitationStatus.EXPIRED):
        raise ValidationError(
            _("Only a declined or expired invitation can be sent again."), code="not_closed"
        )
    now = timezone.now()
    invitation = invitation_transition(
        invitation=invitation,
        to_status=InvitationStatus.SENT,
        by=by,
        reason=reason,
        link_key=new_link_key(),
        sent_at=now,
        expires_at=now + ANSWER_WINDOW,
        reminders_sent=0,
        reminded_at=None,
        declined_at=None,
        consented_at=None,
    )
    invitation = SurveyInvitation.objects.select_related(
        "survey", "version", "friendship__site", "friendship__child__family", "friendship__family"
    ).get(pk=invitation.pk)
    person = _person(invitation)
    if person is None:
        raise ValidationError(
            _("The person is no longer among the family's adults or guardians."), code="gone"
        )
    invitation.sent_by_email, invitation.sent_by_sms = _send_link(
        invitation, person, template="survey_invitation", by=by
    )
    invitation.save(update_fields=["sent_by_email", "sent_by_sms"])
    return invitation
