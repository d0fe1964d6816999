"""Writes for referrals: enrollment, intake, the home visit and every status change.

Every status change goes through ``referral_transition``, which checks the
workflow and records the event; the side effects of a change (tasks for
staff, a message to the parent) happen there too, so the pages and the API
behave the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.services import portal_invite
from hjemtilos.core.dates import age_on
from hjemtilos.core.links import public_url
from hjemtilos.core.services import status_event_record
from hjemtilos.core.workflow import Workflow
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import (
    follow_up_task_create,
    follow_up_tasks_cancel_open,
    follow_up_tasks_complete_open,
    follow_up_tasks_move_open,
)
from hjemtilos.messaging.recipients import Reach
from hjemtilos.messaging.services import message_queue_email, message_queue_to_people
from hjemtilos.organisations.models import Site
from hjemtilos.privacy.models import ConsentKind, ConsentMethod
from hjemtilos.privacy.services import consent_give, consents_withdraw_for_scope
from hjemtilos.referrals.models import (
    BirthFamily,
    CaseworkerPreferences,
    CaseworkerUpdate,
    CaseworkerUpdateKind,
    Child,
    EndReason,
    Guardian,
    HomeVisit,
    Referral,
    ReferralEvent,
    ReferralNote,
)
from hjemtilos.referrals.models import ReferralStatus as S
from hjemtilos.referrals.selectors import caseworker_email_updates, guardian_recipient

# Intake promises (SPEC 3, step 3): staff phone the parent within a few
# working days of receiving a referral and hold the home visit within weeks.
CALL_PARENT_WITHIN_DAYS = 3
HOME_VISIT_WITHIN_DAYS = 21

# Who the child is, and (asked apart on the form) what the child needs.
CHILD_PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "school",
    "school_address",
    "school_postal_code",
    "languages",
    "interests",
)
CHILD_NEED_FIELDS = ("need_tags", "needs")
CHILD_FIELDS = CHILD_PROFILE_FIELDS + CHILD_NEED_FIELDS
FAMILY_FIELDS = (
    "street_address",
    "postal_code",
    "single_parent",
    "network",
    "health",
    "situation",
    "siblings",
    "sibling_enrolled",
)
GUARDIAN_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "preferred_language",
    "interpreter_needed",
)
REFERRAL_FIELDS = (
    "legal_basis",
    "wish_family_children",
    "wish_father_figure",
    "wish_pets",
    "allergies",
    "religion_food",
    "wishes",
)

REFERRAL_WORKFLOW = Workflow(
    statuses=S,
    order=[
        S.DRAFT,
        S.SUBMITTED,
        S.RECEIVED,
        S.HOME_VISIT_PLANNED,
        S.HOME_VISIT_HELD,
        S.READY_FOR_MATCHING,
        S.MATCHED,
        S.ON_HOLD,
        S.WITHDRAWN,
        S.NOT_ELIGIBLE,
    ],
    moves={
        S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
        S.SUBMITTED: frozenset({S.RECEIVED, S.WITHDRAWN, S.NOT_ELIGIBLE}),
        S.RECEIVED: frozenset({S.HOME_VISIT_PLANNED, S.ON_HOLD, S.WITHDRAWN, S.NOT_ELIGIBLE}),
        S.HOME_VISIT_PLANNED: frozenset(
            {S.HOME_VISIT_HELD, S.RECEIVED, S.ON_HOLD, S.WITHDRAWN, S.NOT_ELIGIBLE}
        ),
        S.HOME_VISIT_HELD: frozenset(
            {S.READY_FOR_MATCHING, S.ON_HOLD, S.WITHDRAWN, S.NOT_ELIGIBLE}
        ),
        S.READY_FOR_MATCHING: frozenset({S.MATCHED, S.ON_HOLD, S.WITHDRAWN}),
        # A declined proposal or an early ending sends the child back to matching.
        S.MATCHED: frozenset({S.READY_FOR_MATCHING, S.WITHDRAWN}),
        S.ON_HOLD: frozenset(
            {S.RECEIVED, S.HOME_VISIT_PLANNED, S.READY_FOR_MATCHING, S.WITHDRAWN, S.NOT_ELIGIBLE}
        ),
        S.WITHDRAWN: frozenset(),
        S.NOT_ELIGIBLE: frozenset(),
    },
    reason_required=frozenset({S.ON_HOLD, S.WITHDRAWN, S.NOT_ELIGIBLE}),
)

# The date field each status stamps when it is reached.
REFERRAL_STAMPS: dict[str, str] = {
    S.SUBMITTED: "submitted_at",
    S.RECEIVED: "received_at",
    S.READY_FOR_MATCHING: "ready_for_matching_at",
    S.MATCHED: "matched_at",
    S.WITHDRAWN: "closed_at",
    S.NOT_ELIGIBLE: "closed_at",
}


@transaction.atomic
def referral_transition(
    *, referral: Referral, to_status: str, by: User, reason: str = "", **fields: Any
) -> Referral:
    """Move ``referral`` to ``to_status`` if the workflow allows it, and record the event.

    Extra ``fields`` (e.g. ``home_visit_held_on``) are saved with the change.
    Raises ``ValidationError`` with a message for the user otherwise.
    """
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    REFERRAL_WORKFLOW.check(referral.status, to_status, reason)
    now = timezone.now()
    from_status = referral.status
    referral.status = to_status
    referral.status_changed_at = now
    update = ["status", "status_changed_at", *fields]
    stamp = REFERRAL_STAMPS.get(to_status)
    if stamp and (getattr(referral, stamp) is None or stamp == "closed_at"):
        setattr(referral, stamp, now)
        update.append(stamp)
    if to_status in (S.WITHDRAWN, S.NOT_ELIGIBLE, S.ON_HOLD):
        referral.closed_reason = reason
        update.append("closed_reason")
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.save(update_fields=update)
    status_event_record(
        ReferralEvent,
        referral=referral,
        from_status=from_status,
        to_status=to_status,
        at=now,
        by=by,
        reason=reason,
    )
    _after_transition(referral, from_status, by)
    return referral


# The referral's steps its caseworker is told about (the friendship's own
# steps are reported by ``friendships``).
CASEWORKER_STEPS = {
    S.RECEIVED: CaseworkerUpdateKind.RECEIVED,
    S.HOME_VISIT_HELD: CaseworkerUpdateKind.HOME_VISIT_HELD,
    S.MATCHED: CaseworkerUpdateKind.MATCHED,
}


def _after_transition(referral: Referral, from_status: str, by: User) -> None:
    """What a status change sets in motion besides the event."""
    if referral.status == S.RECEIVED and from_status == S.SUBMITTED:
        _create_intake_tasks(referral, by)
        _notify_parent_received(referral, by)
    elif referral.status in (S.WITHDRAWN, S.NOT_ELIGIBLE):
        follow_up_tasks_cancel_open(referral=referral)
    kind = CASEWORKER_STEPS.get(S(referral.status))
    if kind is not None:
        caseworker_update_record(referral=referral, kind=kind, by=by)


def _create_intake_tasks(referral: Referral, by: User) -> None:
    today = timezone.localdate()
    owner = by
    child = referral.child
    follow_up_task_create(
        site=referral.site,
        kind=FollowUpKind.CALL_PARENT,
        title=_("Phone the parent of %(child)s") % {"child": child.full_name},
        description=_("Introduce Hjem til Os and agree a date for the home visit."),
        due_on=today + timedelta(days=CALL_PARENT_WITHIN_DAYS),
        owner=owner,
        by=by,
        referral=referral,
    )
    follow_up_task_create(
        site=referral.site,
        kind=FollowUpKind.HOME_VISIT,
        title=_("Hold the home visit with %(child)s") % {"child": child.full_name},
        description=_(
            "Meet the child at home: the child's wishes, the family's motivation, "
            "expectations and needs."
        ),
        due_on=today + timedelta(days=HOME_VISIT_WITHIN_DAYS),
        owner=owner,
        by=by,
        referral=referral,
    )


def _notify_parent_received(referral: Referral, by: User) -> None:
    """Tell each guardian that the referral arrived, in their language, on every
    channel they have (an SMS reaches a parent with only a phone)."""
    child = referral.child
    message_queue_to_people(
        [guardian_recipient(guardian) for guardian in child.family.guardians.all()],
        template="referral_received",
        context={"child_first_name": child.first_name, "site_name": referral.site.name},
        reach=Reach.EVERY_CHANNEL,
        related=referral,
        created_by=by,
    )


def referral_eligibility_errors(
    *, site: Site, date_of_birth: date | None, data: Mapping[str, Any]
) -> dict[str, str]:
    """What stops a referral from being submitted, by form field (SPEC 3, step 2).

    The child must be inside the site's age band, a preventive measure under
    Barnets Lov §30 or §32 must be named, the parent's consents recorded, and
    staff must be able to phone a parent.
    """
    errors: dict[str, str] = {}
    if date_of_birth is not None:
        age = age_on(date_of_birth, timezone.localdate())
        if not site.child_min_age <= age <= site.child_max_age:
            errors["date_of_birth"] = _(
                "The child is %(age)s years old. %(site)s takes children aged %(min)s to %(max)s."
            ) % {
                "age": age,
                "site": site.name,
                "min": site.child_min_age,
                "max": site.child_max_age,
            }
    if not data.get("legal_basis"):
        errors["legal_basis"] = _(
            "Choose the legal basis: the child's preventive measure under Barnets Lov §30 or §32."
        )
    if not data.get("consent"):
        errors["consent"] = _("Record the parent's consent to the referral before you submit it.")
    if not data.get("sharing_consent"):
        errors["sharing_consent"] = _(
            "Record the parent's consent to sharing the necessary information "
            "with a volunteer family before you submit."
        )
    if not any(g.get("phone") for g in data.get("guardians", [])):
        errors["guardian1_phone"] = _(
            "Give a phone number for at least one parent, so we can call about the home visit."
        )
    return errors


def _consent_stamp(current: datetime | None, *, given: bool) -> datetime | None:
    if not given:
        return None
    return current or timezone.now()


def family_key(family_id: int) -> str:
    """The key the family's joint consents are kept under (the referral's, the photos')."""
    return f"birthfamily-{family_id}"


def _guardian_names(family: BirthFamily) -> str:
    return ", ".join(f"{g.first_name} {g.last_name}" for g in family.guardians.order_by("id"))


def referral_consents_record(*, referral: Referral, by: User | None) -> None:
    """Keep the consent records in step with the referral's consent fields: one record per
    consent given (by the parents, in the enrollment form), withdrawn when unticked in a draft."""
    family = referral.child.family
    for kind, stamp in (
        (ConsentKind.REFERRAL, referral.consent_recorded_at),
        (ConsentKind.SHARING, referral.sharing_consent_recorded_at),
    ):
        scope = f"referral-{referral.pk}"
        if stamp is None:
            consents_withdraw_for_scope(
                kind=kind, scope_key=scope, by=by, method=ConsentMethod.FORM
            )
            continue
        consent_give(
            kind=kind,
            site_id=referral.site_id,
            person_key=family_key(family.pk),
            person_name=_guardian_names(family) or _("The child's parents"),
            scope_key=scope,
            scope_label=_("The referral of %(name)s") % {"name": referral.child.first_name},
            method=ConsentMethod.FORM,
            by=by,
            given_at=stamp,
        )


def _apply(instance: Any, fields: tuple[str, ...], data: Mapping[str, Any]) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def _save_guardians(family: BirthFamily, guardians: list[Mapping[str, Any]]) -> None:
    existing = list(family.guardians.order_by("id"))
    for index, values in enumerate(guardians):
        guardian = existing[index] if index < len(existing) else Guardian(family=family)
        _apply(guardian, GUARDIAN_FIELDS, values)
        guardian.save()
    for extra in existing[len(guardians) :]:
        extra.delete()


@transaction.atomic
def referral_create(
    *,
    by: User,
    site: Site,
    caseworker: User,
    data: Mapping[str, Any],
    submit: bool,
    family: BirthFamily | None = None,
) -> Referral:
    """Enroll a child: family, guardians, child and the referral, as a draft or submitted.

    ``data`` is the enrollment form's cleaned data (``guardians`` a list of
    dicts). With ``family`` the child is a sibling in a family already known:
    the family's address and guardians are kept as they are.
    """
    if submit:
        _raise_if_not_eligible(site, data)
    if family is None:
        family = BirthFamily(site=site, municipality=site.municipality)
        _apply(family, FAMILY_FIELDS, data)
        family.save()
        _save_guardians(family, data.get("guardians", []))
    child = Child(family=family)
    _apply(child, CHILD_FIELDS, data)
    child.save()
    referral = Referral(
        child=child,
        site=site,
        caseworker=caseworker,
        created_by=by,
        consent_recorded_at=_consent_stamp(None, given=bool(data.get("consent"))),
        sharing_consent_recorded_at=_consent_stamp(None, given=bool(data.get("sharing_consent"))),
    )
    _apply(referral, REFERRAL_FIELDS, data)
    referral.save()
    referral_consents_record(referral=referral, by=by)
    status_event_record(ReferralEvent, referral=referral, to_status=S.DRAFT, by=by)
    if submit:
        referral = referral_transition(referral=referral, to_status=S.SUBMITTED, by=by)
    return referral


@transaction.atomic
def referral_update_draft(
    *, referral: Referral, by: User, data: Mapping[str, Any], submit: bool
) -> Referral:
    """Save changes to a draft and, with ``submit``, send it to staff."""
    referral = (
        Referral.objects.select_for_update().select_related("child__family").get(pk=referral.pk)
    )
    if referral.status != S.DRAFT:
        raise ValidationError(
            _("This referral has been submitted and can no longer be edited."), code="not_draft"
        )
    if submit:
        _raise_if_not_eligible(referral.site, data)
    family = referral.child.family
    _apply(family, FAMILY_FIELDS, data)
    family.save()
    if "guardians" in data:
        _save_guardians(family, data["guardians"])
    _apply(referral.child, CHILD_FIELDS, data)
    referral.child.save()
    _apply(referral, REFERRAL_FIELDS, data)
    referral.consent_recorded_at = _consent_stamp(
        referral.consent_recorded_at, given=bool(data.get("consent"))
    )
    referral.sharing_consent_recorded_at = _consent_stamp(
        referral.sharing_consent_recorded_at, given=bool(data.get("sharing_consent"))
    )
    referral.save()
    referral_consents_record(referral=referral, by=by)
    if submit:
        referral = referral_transition(referral=referral, to_status=S.SUBMITTED, by=by)
    return referral


def _raise_if_not_eligible(site: Site, data: Mapping[str, Any]) -> None:
    errors = referral_eligibility_errors(
        site=site, date_of_birth=data.get("date_of_birth"), data=data
    )
    if errors:
        raise ValidationError(errors)


def referral_submit(*, referral: Referral, by: User) -> Referral:
    """Submit a draft as it is saved (the API's submit; the form submits while saving)."""
    referral = Referral.objects.select_related("child__family", "site").get(pk=referral.pk)
    data = {
        "legal_basis": referral.legal_basis,
        "consent": referral.consent_recorded_at is not None,
        "sharing_consent": referral.sharing_consent_recorded_at is not None,
        "guardians": [{"phone": g.phone} for g in referral.child.family.guardians.all()],
    }
    _raise_if_not_eligible(referral.site, {**data, "date_of_birth": referral.child.date_of_birth})
    return referral_transition(referral=referral, to_status=S.SUBMITTED, by=by)


@transaction.atomic
def home_visit_plan(*, referral: Referral, by: User, planned_for: datetime) -> Referral:
    """Agree the home visit's date: the referral moves to "home visit planned".

    The open "phone the parent" task is completed: the call is what agreed the date;
    the "hold the home visit" task is due on the agreed day. A date before today
    is refused.
    """
    if timezone.localdate(planned_for) < timezone.localdate():
        raise ValidationError({"planned_for": _("Choose a date from today on.")}, code="past")
    referral = referral_transition(referral=referral, to_status=S.HOME_VISIT_PLANNED, by=by)
    HomeVisit.objects.update_or_create(
        referral=referral, defaults={"planned_for": planned_for, "planned_by": by}
    )
    local = timezone.localtime(planned_for)
    # The home-visit task is due on the agreed day, not the intake promise's.
    follow_up_tasks_move_open(kind=FollowUpKind.HOME_VISIT, due_on=local.date(), referral=referral)
    follow_up_tasks_complete_open(
        by=by,
        kind=FollowUpKind.CALL_PARENT,
        outcome=_("Home visit agreed for %(when)s.") % {"when": local.strftime("%d.%m.%Y %H:%M")},
        referral=referral,
    )
    return referral


@transaction.atomic
def home_visit_record(*, referral: Referral, by: User, data: Mapping[str, Any]) -> Referral:
    """Record the screening home visit; the referral moves to "home visit held"."""
    held_on = data["held_on"]
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A home visit cannot be recorded before it is held.")})
    referral = referral_transition(
        referral=referral, to_status=S.HOME_VISIT_HELD, by=by, home_visit_held_on=held_on
    )
    visit = HomeVisit.objects.filter(referral=referral).first() or HomeVisit(
        referral=referral, planned_for=timezone.now(), planned_by=by
    )
    for name in ("held_on", "attendees", "child_wishes", "motivation", "expectations"):
        setattr(visit, name, data.get(name, getattr(visit, name)))
    visit.family_needs = data.get("family_needs", "")
    visit.notes = data.get("notes", "")
    visit.recorded_by = by
    visit.recorded_at = timezone.now()
    visit.save()
    follow_up_tasks_complete_open(
        by=by,
        kind=FollowUpKind.HOME_VISIT,
        outcome=_("Home visit held on %(date)s.") % {"date": held_on.strftime("%d.%m.%Y")},
        referral=referral,
    )
    return referral


def referral_note_add(*, referral: Referral, by: User, text: str) -> ReferralNote:
    """A note between the caseworker and staff."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note first.")})
    return ReferralNote.objects.create(referral=referral, author=by, text=text)


@transaction.atomic
def guardian_invite(*, guardian: Guardian, by: User) -> User:
    """Invite (or invite again) a parent to the portal: by e-mail, or by SMS without one.

    The parent's account is linked to the guardian and sees the child's
    visits once a friendship starts. The caller has checked that ``by``
    works at the family's site.
    """
    return portal_invite(
        person=guardian,
        invited_by=by,
        site=guardian.family.site,
        role=Role.PARENT,
        preferred_language=guardian.preferred_language,
    )


@transaction.atomic
def caseworker_update_record(
    *,
    referral: Referral,
    kind: str,
    by: User | None,
    end_reason_category: str = "",
    continues_privately: bool | None = None,
) -> CaseworkerUpdate | None:
    """Tell the referring caseworker that ``referral`` reached a step (SPEC 2).

    The update is kept for the caseworker's pages and e-mailed in the
    caseworker's language unless they switched the e-mails off. It names the
    child by first name and links to the referral; it never names the
    volunteer family. A referral without an active caseworker gets none.
    """
    caseworker = referral.caseworker
    if caseworker is None or not caseworker.is_active:
        return None
    update = CaseworkerUpdate.objects.create(
        referral=referral,
        caseworker=caseworker,
        kind=kind,
        end_reason_category=end_reason_category,
        continues_privately=continues_privately,
    )
    if caseworker.email and caseworker_email_updates(user=caseworker):
        message_queue_email(
            template="caseworker_update",
            context={
                "kind": kind,
                "first_name": caseworker.first_name,
                "child_first_name": referral.child.first_name,
                "site_name": referral.site.name,
                # Lazy: rendered in the caseworker's language.
                "end_reason": EndReason(end_reason_category).label if end_reason_category else "",
                "continues_privately": continues_privately,
                "referral_url": public_url("referrals:detail", referral.pk),
                "settings_url": public_url("referrals:updates"),
            },
            to_user=caseworker,
            related=referral,
            created_by=by,
        )
        update.emailed = True
        update.save(update_fields=["emailed"])
    return update


@transaction.atomic
def caseworker_preferences_save(*, caseworker: User, email_updates: bool) -> CaseworkerPreferences:
    """Switch the caseworker's update e-mails on or off; the page keeps showing them."""
    preferences, _created = CaseworkerPreferences.objects.update_or_create(
        user=caseworker, defaults={"email_updates": email_updates}
    )
    return preferences
