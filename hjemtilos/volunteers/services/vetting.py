"""Vetting writes: the home interview, certificates, the online course, acceptances.

Each one refreshes ``vetting_complete``, since each can change a requirement.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.dates import ADULT_AGE
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_tasks_complete_open
from hjemtilos.volunteers.models import (
    CERTIFICATE_AGE,
    COURSE_AGE,
    Capacity,
    Certificate,
    CertificateResult,
    FamilyInterview,
    HouseholdMember,
    PolicyAcceptance,
    PolicyDocumentVersion,
    RemarksDecision,
    VolunteerFamily,
)
from hjemtilos.volunteers.models import VolunteerFamilyStatus as S
from hjemtilos.volunteers.services.status import family_transition, family_vetting_refresh


def _complete_tasks(family: VolunteerFamily, kind: str, by: User, outcome: str) -> None:
    follow_up_tasks_complete_open(by=by, kind=kind, outcome=outcome, volunteer_family=family)


@transaction.atomic
def interview_plan(*, family: VolunteerFamily, by: User, planned_for: datetime) -> FamilyInterview:
    """Agree the date of the home interview; an applied family moves to "interview planned"."""
    interview, _created = FamilyInterview.objects.update_or_create(
        family=family, defaults={"planned_for": planned_for, "interviewer": by}
    )
    if family.status == S.APPLIED:
        family_transition(family=family, to_status=S.INTERVIEW_PLANNED, by=by)
    return interview


@transaction.atomic
def interview_record(
    *,
    family: VolunteerFamily,
    by: User,
    held_on: date,
    attendees: str,
    whole_family_supports: bool,
    support_notes: str = "",
    motivation: str = "",
    expectations: str = "",
    capacity: str,
    max_children: int = 1,
    assessment: str = "",
) -> FamilyInterview:
    """Record the held home interview (or correct it later).

    A family whose interview was planned moves to "interviewed". The
    capacity (*overskud*), number of children and the staff assessment are
    kept on the family, where matching reads them.
    """
    if family.status in (S.WITHDRAWN, S.REJECTED):
        raise ValidationError(_("The family has left the programme."), code="family_closed")
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The interview cannot be recorded before it is held.")})
    if capacity not in Capacity.values:
        raise ValidationError({"capacity": _("Choose the family's capacity.")})
    if not attendees.strip():
        raise ValidationError({"attendees": _("Write who took part in the interview.")})
    interview, _created = FamilyInterview.objects.get_or_create(family=family)
    interview.held_on = held_on
    interview.attendees = attendees.strip()
    interview.whole_family_supports = whole_family_supports
    interview.support_notes = support_notes.strip()
    interview.motivation = motivation.strip()
    interview.expectations = expectations.strip()
    interview.interviewer = interview.interviewer or by
    interview.recorded_by = by
    interview.recorded_at = timezone.now()
    interview.full_clean()
    interview.save()
    family.capacity = capacity
    family.max_children = max_children
    family.assessment = assessment.strip()
    family.full_clean(exclude=["contact_person", "approved_by", "postal_code", "site"])
    family.save(update_fields=["capacity", "max_children", "assessment"])
    if family.status == S.APPLIED:  # held without being planned here first
        family = family_transition(family=family, to_status=S.INTERVIEW_PLANNED, by=by)
    if family.status == S.INTERVIEW_PLANNED:
        family_transition(family=family, to_status=S.INTERVIEWED, by=by)
    else:
        family_vetting_refresh([family.pk])
    _complete_tasks(
        family,
        FollowUpKind.FAMILY_INTERVIEW,
        by,
        _("The home interview was held %(date)s.") % {"date": held_on.strftime("%d.%m.%Y")},
    )
    return interview


def _member_age_check(member: HouseholdMember, minimum: int, message: str) -> None:
    if member.age() < minimum:
        raise ValidationError(message % {"name": member.first_name, "age": minimum})


@transaction.atomic
def certificate_record(
    *,
    member: HouseholdMember,
    kind: str,
    by: User,
    requested_on: date | None,
    received_on: date | None = None,
    result: str = "",
) -> Certificate:
    """Record a certificate's request, receipt and result for a member aged 15 or more.

    The newest certificate of a kind counts: recording one that was already
    received starts a new certificate (a renewal) rather than changing the
    old one, so a decision on remarks is never silently undone.
    """
    _member_age_check(
        member, CERTIFICATE_AGE, _("%(name)s is under %(age)s and needs no certificate.")
    )
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if requested_on and requested_on > today:
        errors["requested_on"] = _("The date cannot be in the future.")
    if received_on and received_on > today:
        errors["received_on"] = _("The date cannot be in the future.")
    if received_on and requested_on and received_on < requested_on:
        errors["received_on"] = _("A certificate cannot be received before it was requested.")
    if result and not received_on:
        errors["received_on"] = _("Give the date the certificate was received.")
    if received_on and not result:
        errors["result"] = _("Give the result of the certificate.")
    if not requested_on and not received_on:
        errors["requested_on"] = _("Give the date the certificate was requested.")
    if errors:
        raise ValidationError(errors)
    current = Certificate.objects.filter(member=member, kind=kind).order_by("-created_at", "-id")
    certificate = current.first()
    if certificate is None or certificate.received_on:
        certificate = Certificate(member=member, kind=kind)
    certificate.requested_on = requested_on
    certificate.received_on = received_on
    certificate.result = result
    certificate.recorded_by = by
    certificate.full_clean()
    certificate.save()
    family_vetting_refresh([member.family_id])
    return certificate


@transaction.atomic
def certificate_decide(
    *, certificate: Certificate, by: User, decision: str, reason: str
) -> Certificate:
    """Staff's decision on a certificate with remarks, with the reason (kept encrypted)."""
    if certificate.result != CertificateResult.REMARKS:
        raise ValidationError(_("Only a certificate with remarks needs a decision."))
    if decision not in (RemarksDecision.ACCEPTED, RemarksDecision.REFUSED):
        raise ValidationError({"decision": _("Choose whether the remarks are accepted.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    certificate.remarks_decision = decision
    certificate.decision_reason = reason.strip()
    certificate.decided_by = by
    certificate.decided_at = timezone.now()
    certificate.save(
        update_fields=["remarks_decision", "decision_reason", "decided_by", "decided_at"]
    )
    family_vetting_refresh([certificate.member.family_id])
    return certificate


@transaction.atomic
def course_record(*, member: HouseholdMember, by: User, completed_on: date | None) -> None:
    """Record the date a member aged 12 or more completed the online course (None clears it)."""
    if completed_on is not None:
        _member_age_check(
            member, COURSE_AGE, _("%(name)s is under %(age)s and does not take the course.")
        )
        if completed_on > timezone.localdate():
            raise ValidationError({"completed_on": _("The date cannot be in the future.")})
    member.course_completed_on = completed_on
    member.save(update_fields=["course_completed_on"])
    family_vetting_refresh([member.family_id])


@transaction.atomic
def policy_accept(
    *, member: HouseholdMember, version: PolicyDocumentVersion, by: User
) -> PolicyAcceptance:
    """An adult accepts ``version`` (in the portal, or staff record a signed paper copy).

    Accepting the same version twice keeps the first acceptance.
    """
    if member.age() < ADULT_AGE:
        raise ValidationError(_("Only adults accept the code of conduct and the ethical rules."))
    if version.published_at is None:
        raise ValidationError(_("This version has not been published."))
    existing = PolicyAcceptance.objects.filter(member=member, version=version).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            acceptance = PolicyAcceptance.objects.create(
                member=member, version=version, recorded_by=by
            )
    except IntegrityError:  # accepted at the same moment in another tab
        return PolicyAcceptance.objects.get(member=member, version=version)
    family_vetting_refresh([member.family_id])
    return acceptance
