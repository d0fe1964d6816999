"""Writes for concerns: raising one, its lifecycle, the assessment and the timeline's steps.

Raising a concern alerts the friendship's contact person at once (an
urgent task, an e-mail and an SMS through the outbox, sent after commit)
and puts it in the advisory team's queue; an acute one alerts the advisory
team too. The messages name the child's first name at most, never what was
observed. Every later step is a ``ConcernEvent`` with its author and time,
and nothing is changed afterwards: a correction is a new entry.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.services import status_event_record
from hjemtilos.core.workflow import Workflow
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_task_create, follow_up_tasks_complete_open
from hjemtilos.friendships.models import Friendship, LogbookEntry
from hjemtilos.friendships.registry import Worry
from hjemtilos.friendships.services.plan import plan_owner
from hjemtilos.messaging.services import message_queue_email, message_queue_sms
from hjemtilos.safeguarding.models import (
    ASSESSABLE_STATUSES,
    TEXT_ENTRY_KINDS,
    Concern,
    ConcernAssessment,
    ConcernEvent,
    ConcernSource,
    Decision,
    EntryKind,
    Severity,
)
from hjemtilos.safeguarding.models import ConcernStatus as S

CONCERN_WORKFLOW = Workflow(
    statuses=S,
    order=[
        S.RAISED,
        S.WITH_ADVISORY,
        S.FOLLOW_UP,
        S.NOTIFYING,
        S.NOTIFIED,
        S.NOTIFICATION_ACKNOWLEDGED,
        S.CLOSED,
    ],
    moves={
        S.RAISED: frozenset({S.WITH_ADVISORY, S.FOLLOW_UP, S.NOTIFYING, S.CLOSED}),
        S.WITH_ADVISORY: frozenset({S.FOLLOW_UP, S.NOTIFYING, S.CLOSED}),
        S.FOLLOW_UP: frozenset({S.NOTIFYING, S.CLOSED}),
        # Back to follow-up (or closed) when the team decides against notifying after all.
        S.NOTIFYING: frozenset({S.NOTIFIED, S.FOLLOW_UP, S.CLOSED}),
        # Back to preparing when the e-mail could not be delivered.
        S.NOTIFIED: frozenset({S.NOTIFICATION_ACKNOWLEDGED, S.NOTIFYING}),
        # A supplementary notification, follow-up, or done.
        S.NOTIFICATION_ACKNOWLEDGED: frozenset({S.NOTIFYING, S.FOLLOW_UP, S.CLOSED}),
        # Reopened when something new comes up (a backward move: it needs a reason).
        S.CLOSED: frozenset({S.WITH_ADVISORY}),
    },
    reason_required=frozenset({S.CLOSED}),
)

#: Where each decision takes the concern.
DECISION_STATUS = {
    Decision.NO_ACTION: S.CLOSED,
    Decision.FOLLOW_UP: S.FOLLOW_UP,
    Decision.NOTIFY: S.NOTIFYING,
    Decision.ACUTE: S.NOTIFYING,
}


def advisory_team() -> list[User]:
    """The active members of the child-welfare advisory team."""
    return list(User.objects.filter(role=Role.ADVISORY, is_active=True).order_by("id"))


def _alert(*, user: User, template: str, concern: Concern, by: User, child: str) -> None:
    """An e-mail and (with a phone number) an SMS to ``user`` about ``concern``, via the outbox."""
    context = {"first_name": user.first_name, "child_first_name": child, "concern": concern}
    if user.email:
        message_queue_email(
            template=template, context=context, to_user=user, related=concern, created_by=by
        )
    if user.phone:
        message_queue_sms(
            template=template, context=context, to_user=user, related=concern, created_by=by
        )


@transaction.atomic
def concern_raise(
    *,
    friendship: Friendship,
    by: User,
    source: str,
    observed: str,
    observed_on: date,
    observed_by: str,
    severity: int = Severity.MODERATE,
    logbook_entry: LogbookEntry | None = None,
) -> Concern:
    """Register a concern about the friendship's child; the contact person must act today.

    The concern is in the advisory team's queue at once. An acute one also
    alerts every member of the advisory team by e-mail and SMS.
    """
    errors = {}
    if not observed.strip():
        errors["observed"] = _("Describe what you saw or heard.")
    if observed_on > timezone.localdate():
        errors["observed_on"] = _("The date cannot be in the future.")
    if not observed_by.strip():
        errors["observed_by"] = _("Write who observed it.")
    if source not in ConcernSource.values:
        errors["source"] = _("Choose how the concern was raised.")
    if severity not in Severity.values:
        errors["severity"] = _("Choose how serious it is.")
    if errors:
        raise ValidationError(errors, code="concern")
    now = timezone.now()
    owner = plan_owner(friendship)
    concern = Concern.objects.create(
        friendship=friendship,
        source=source,
        logbook_entry=logbook_entry,
        observed=observed.strip(),
        observed_on=observed_on,
        observed_by=observed_by.strip(),
        severity=severity,
        reported_by=by,
        reported_at=now,
        contact_person=owner,
        status=S.RAISED,
        status_changed_at=now,
    )
    status_event_record(ConcernEvent, concern=concern, at=now, by=by, to_status=S.RAISED)
    child = friendship.child.first_name
    follow_up_task_create(
        site=friendship.site,
        kind=FollowUpKind.CONCERN,
        title=_("A concern about %(child)s: read it and act today") % {"child": child},
        description=_(
            "The child-welfare advisory team has it in its queue. Read it, tell the team what "
            "you know and follow up with the volunteer family."
        ),
        due_on=timezone.localdate(),
        owner=owner,
        by=by,
        is_urgent=True,
        friendship=friendship,
        concern=concern,
    )
    if owner is not None:
        _alert(user=owner, template="concern_raised", concern=concern, by=by, child=child)
    if severity == Severity.ACUTE:
        for adviser in advisory_team():
            _alert(user=adviser, template="concern_acute", concern=concern, by=by, child=child)
    return concern


def concern_raise_from_worry(worry: Worry) -> Concern:
    """A worry the volunteer family wrote in the logbook or with a greeting
    (``friendships.registry``)."""
    author = worry.by.first_name or _("The volunteer family")
    return concern_raise(
        friendship=worry.friendship,
        by=worry.by,
        source=ConcernSource.LOGBOOK if worry.logbook_entry else ConcernSource.PORTAL,
        observed=worry.text,
        observed_on=worry.observed_on,
        observed_by=_("%(name)s (the volunteer family)") % {"name": author},
        logbook_entry=worry.logbook_entry,
    )


def concern_for_update(concern: Concern) -> Concern:
    return Concern.objects.select_for_update().select_related("friendship").get(pk=concern.pk)


def timeline_entry_record(
    concern: Concern, *, by: User | None, kind: str, note: str = "", **fields: Any
) -> ConcernEvent:
    """Write a line on the locked ``concern``'s timeline that leaves its status as it is."""
    return status_event_record(
        ConcernEvent,
        concern=concern,
        by=by,
        from_status=concern.status,
        to_status=concern.status,
        kind=kind,
        note=note.strip(),
        **fields,
    )


def status_move(
    concern: Concern,
    *,
    by: User | None,
    to_status: str,
    reason: str,
    kind: str = EntryKind.STATUS,
    **fields: object,
) -> ConcernEvent:
    """Check the move on the locked ``concern``, write its timeline entry and apply it."""
    if to_status != concern.status:
        CONCERN_WORKFLOW.check(concern.status, to_status, reason)
    now = timezone.now()
    event = status_event_record(
        ConcernEvent,
        concern=concern,
        at=now,
        by=by,
        from_status=concern.status,
        to_status=to_status,
        kind=kind,
        note=reason.strip(),
        **fields,
    )
    if to_status != concern.status:
        concern.status = to_status
        concern.status_changed_at = now
        concern.save(update_fields=["status", "status_changed_at"])
        if to_status == S.CLOSED:
            follow_up_tasks_complete_open(
                by=by, kind=FollowUpKind.CONCERN, outcome=str(S.CLOSED.label), concern=concern
            )
    return event


@transaction.atomic
def concern_transition(
    *, concern: Concern, by: User | None, to_status: str, reason: str = ""
) -> Concern:
    """The concern's one status move: allowed by ``CONCERN_WORKFLOW``, with a reason where it
    needs one, written to the timeline. ``by`` is None for a move the system makes."""
    locked = concern_for_update(concern)
    if to_status == locked.status:
        raise ValidationError(_("The concern already has this status."), code="same_status")
    status_move(locked, by=by, to_status=to_status, reason=reason)
    return locked


def _not_in_future(on: date | None, field: str = "on") -> None:
    if on is not None and on > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")}, code="future")


@transaction.atomic
def concern_entry_add(
    *,
    concern: Concern,
    by: User,
    kind: str,
    text: str,
    on: date | None = None,
    corrects: ConcernEvent | None = None,
) -> ConcernEvent:
    """A line of text in the timeline: a note, a follow-up, the municipality's reply, or a
    correction of an earlier line (which stays as it was)."""
    locked = concern_for_update(concern)
    if kind not in TEXT_ENTRY_KINDS:
        raise ValidationError({"kind": _("Choose what you are recording.")}, code="kind")
    if not text.strip():
        raise ValidationError({"text": _("Write the text.")}, code="text")
    _not_in_future(on)
    if kind == EntryKind.CORRECTION:
        if corrects is None:
            raise ValidationError({"corrects": _("Choose the entry you correct.")}, code="corrects")
        if corrects.concern_id != locked.pk:
            raise ValidationError(
                {"corrects": _("The entry belongs to another concern.")}, code="corrects"
            )
    elif corrects is not None:
        raise ValidationError({"corrects": _("Only a correction names an entry.")}, code="corrects")
    return timeline_entry_record(locked, by=by, kind=kind, note=text, on=on, corrects=corrects)


@transaction.atomic
def concern_receive(*, concern: Concern, by: User, note: str = "") -> ConcernEvent:
    """The contact person has read the concern and taken it on: their urgent task is done."""
    locked = concern_for_update(concern)
    if locked.events.filter(kind=EntryKind.RECEIVED).exists():
        raise ValidationError(_("The concern has already been taken on."), code="received")
    event = timeline_entry_record(locked, by=by, kind=EntryKind.RECEIVED, note=note)
    follow_up_tasks_complete_open(
        by=by,
        kind=FollowUpKind.CONCERN,
        outcome=_("Taken on by the contact person"),
        concern=locked,
    )
    return event


def current_assessment(concern: Concern) -> ConcernAssessment | None:
    """The concern's newest assessment (each one replaces the one before)."""
    return concern.assessments.select_related("decided_by").order_by("-recorded_at", "-id").first()


@transaction.atomic
def concern_assess(
    *,
    concern: Concern,
    by: User,
    known: str,
    child_statements: str,
    risk: int,
    decision: str,
    reasons: str,
    decided_by: User,
    decided_on: date,
) -> ConcernAssessment:
    """Record the advisory team's assessment; the decision moves the concern on.

    No further action closes it, follow-up sends it back to the friendship's
    contact person, a notification (or an acute one) starts preparing the
    notification to the municipality. An assessment replaces the one before,
    which stays in the timeline.
    """
    locked = concern_for_update(concern)
    if locked.status not in ASSESSABLE_STATUSES:
        raise ValidationError(
            _("An assessment cannot be recorded while the concern is “%(status)s”."),
            code="not_assessable",
            params={"status": S(locked.status).label},
        )
    errors: dict[str, str] = {}
    if not known.strip():
        errors["known"] = _("Write what is known.")
    if not reasons.strip():
        errors["reasons"] = _("Give the reasons for the decision.")
    if decision == Decision.ACUTE and risk != Severity.ACUTE:
        errors["risk"] = _("An acute decision needs the acute risk level.")
    if decided_by.role != Role.ADVISORY or not decided_by.is_active:
        errors["decided_by"] = _("The decision is made by a member of the advisory team.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors, code="assessment")
    now = timezone.now()
    assessment = ConcernAssessment(
        concern=locked,
        known=known.strip(),
        child_statements=child_statements.strip(),
        risk=risk,
        decision=decision,
        reasons=reasons.strip(),
        decided_by=decided_by,
        decided_on=decided_on,
        replaces=current_assessment(locked),
        recorded_by=by,
        recorded_at=now,
    )
    assessment.full_clean(exclude=["concern", "decided_by", "replaces", "recorded_by"])
    assessment.save()
    target = DECISION_STATUS[Decision(decision)]
    status_move(
        locked,
        by=by,
        to_status=target,
        reason=str(Decision(decision).label),
        kind=EntryKind.ASSESSMENT,
        assessment=assessment,
    )
    locked.severity = risk
    update = ["severity"]
    if locked.first_assessed_at is None:
        locked.first_assessed_at = now
        update.append("first_assessed_at")
    locked.save(update_fields=update)
    return assessment


#: The two steps around a notification, as timeline kinds.
INVOLVEMENT_KINDS = (EntryKind.FAMILY_TALK, EntryKind.PARENTS)


@transaction.atomic
def concern_involvement_record(
    *, concern: Concern, by: User, party: str, done: bool, on: date | None, note: str
) -> ConcernEvent:
    """Record the talk with the volunteer family or the parents' involvement.

    ``done``: it happened on ``on`` (``note`` says how it went). Otherwise the
    step is deliberately skipped and ``note`` gives the reason (e.g. telling
    the parents would put the child at risk). A later record replaces an
    earlier one; both stay in the timeline.
    """
    locked = concern_for_update(concern)
    if not locked.is_open:
        raise ValidationError(_("The concern is closed."), code="closed")
    if party not in INVOLVEMENT_KINDS:
        raise ValidationError({"party": _("Choose whom the step is about.")}, code="party")
    errors: dict[str, str] = {}
    if done and on is None:
        errors["on"] = _("Give the date.")
    if not note.strip():
        errors["note"] = (
            _("Write how it went.") if done else _("Give the reason the step is skipped.")
        )
    if errors:
        raise ValidationError(errors, code="involvement")
    _not_in_future(on)
    return timeline_entry_record(
        locked, by=by, kind=party, note=note, on=on if done else None, skipped=not done
    )


def latest_involvement(concern: Concern) -> dict[str, ConcernEvent | None]:
    """The newest record of each step around a notification, by kind (None: not recorded)."""
    latest: dict[str, ConcernEvent | None] = dict.fromkeys(INVOLVEMENT_KINDS)
    events = concern.events.filter(kind__in=INVOLVEMENT_KINDS).select_related("by")
    for event in events.order_by("at", "id"):
        latest[event.kind] = event
    return latest


def involvement_text(concern: Concern) -> tuple[str, bool]:
    """What the charity has done, from the recorded steps; and whether the parents know."""
    latest = latest_involvement(concern)
    lines = []
    family = latest[EntryKind.FAMILY_TALK]
    if family is not None and not family.skipped and family.on is not None:
        lines.append(
            _("We talked with the volunteer family on %(date)s.")
            % {"date": family.on.strftime("%d.%m.%Y")}
        )
    elif family is not None:
        lines.append(
            _("We have not talked with the volunteer family: %(reason)s") % {"reason": family.note}
        )
    parents = latest[EntryKind.PARENTS]
    informed = parents is not None and not parents.skipped
    if parents is not None and informed and parents.on is not None:
        lines.append(
            _("The parents were told of the notification and involved on %(date)s: %(how)s")
            % {"date": parents.on.strftime("%d.%m.%Y"), "how": parents.note}
        )
    elif parents is not None:
        lines.append(
            _("The parents have not been told of the notification: %(reason)s")
            % {"reason": parents.note}
        )
    return "\n".join(lines), informed
