"""Writes for the data subjects' rights: consents, and requests (access, rectification,
erasure)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.services import status_event_record
from hjemtilos.core.workflow import Workflow
from hjemtilos.privacy.consents import current_wording, withdrawal_effect
from hjemtilos.privacy.exports import Subject, export_archive
from hjemtilos.privacy.models import (
    RESPONSE_DAYS,
    Consent,
    ConsentKind,
    ConsentMethod,
    RequestDecision,
    RequestKind,
    RequestStatus,
    RightsRequest,
    RightsRequestEvent,
)

S = RequestStatus

REQUEST_WORKFLOW = Workflow(
    statuses=RequestStatus,
    order=[S.RECEIVED, S.DECIDED, S.DONE],
    moves={
        S.RECEIVED: frozenset({S.DECIDED}),
        S.DECIDED: frozenset({S.DONE, S.RECEIVED}),
        S.DONE: frozenset(),
    },
)


@transaction.atomic
def consent_give(
    *,
    kind: str,
    site_id: int,
    person_key: str,
    person_name: str,
    scope_key: str,
    scope_label: str = "",
    method: str,
    by: User | None,
    wording_version: str = "",
    given_at: datetime | None = None,
) -> Consent:
    """Record a consent: who gave it, when, how, on which wording (the current one by default).

    A consent already in force for the same person, kind and scope is kept as it is
    (giving it again changes nothing); a withdrawn one stays on record beside the new one.
    """
    current = Consent.objects.filter(
        kind=kind, person_key=person_key, scope_key=scope_key, withdrawn_at__isnull=True
    ).first()
    if current is not None:
        return current
    consent = Consent(
        kind=kind,
        site_id=site_id,
        person_key=person_key,
        person_name=person_name[:200],
        scope_key=scope_key,
        scope_label=scope_label[:200],
        wording_version=wording_version or current_wording(kind)[0],
        given_at=given_at or timezone.now(),
        given_method=method,
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User | None, method: str, note: str = "") -> Consent:
    """Withdraw a consent and apply its effect at once (the owning app's registered effect)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent is already withdrawn."), code="withdrawn")
    if method not in ConsentMethod.values:
        raise ValidationError({"method": _("Say how the consent was withdrawn.")})
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_method = method
    consent.withdrawn_by = by
    consent.withdrawal_note = note
    consent.full_clean()
    consent.save()
    effect = withdrawal_effect(consent.kind)
    if effect is not None:
        effect(consent, by)
    return consent


@transaction.atomic
def consents_withdraw_for_scope(
    *, kind: str, scope_key: str, by: User | None, method: str, note: str = ""
) -> int:
    """Withdraw the consents in force for a scope, without running the effect again.

    For an app whose own page withdrew the consent (a book's photo consent turned
    off there): the record follows the change already made.
    """
    return Consent.objects.filter(kind=kind, scope_key=scope_key, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_method=method, withdrawn_by=by, withdrawal_note=note
    )


@transaction.atomic
def rights_request_create(
    *,
    subject: Subject,
    kind: str,
    received_on: date,
    requested_by: str,
    identity_check: str,
    details: str,
    by: User,
) -> RightsRequest:
    """Record a request from (or for) ``subject``; the answer is due 30 days after receipt."""
    errors = {}
    if kind not in RequestKind.values:
        errors["kind"] = _("Choose what the person asks for.")
    if received_on > timezone.localdate():
        errors["received_on"] = _("The request cannot be received in the future.")
    if not identity_check.strip():
        errors["identity_check"] = _("Say how you checked that the request comes from the person.")
    if kind in (RequestKind.RECTIFICATION, RequestKind.ERASURE) and not details.strip():
        errors["details"] = _("Say what the person wants corrected or erased.")
    if errors:
        raise ValidationError(errors)
    request = RightsRequest(
        site_id=subject.site_id,
        kind=kind,
        subject_key=subject.key,
        subject_name=subject.name[:200],
        received_on=received_on,
        due_on=received_on + timedelta(days=RESPONSE_DAYS),
        requested_by=requested_by,
        identity_check=identity_check,
        details=details,
        recorded_by=by,
    )
    request.full_clean()
    request.save()
    status_event_record(RightsRequestEvent, by=by, to_status=S.RECEIVED, request=request)
    return request


@transaction.atomic
def rights_request_transition(
    *,
    request: RightsRequest,
    to_status: str,
    by: User,
    reason: str = "",
    decision: str = "",
    delivered_how: str = "",
) -> RightsRequest:
    """Move a request on: decided (with the decision and, unless granted, the reason), done
    (with how the answer reached the person), or back to received (with a reason)."""
    request = RightsRequest.objects.select_for_update().get(pk=request.pk)
    from_status = request.status
    REQUEST_WORKFLOW.check(from_status, to_status, reason)
    now = timezone.now()
    if to_status == S.DECIDED:
        if decision not in RequestDecision.values:
            raise ValidationError({"decision": _("Choose the decision.")})
        if decision != RequestDecision.GRANTED and not reason.strip():
            raise ValidationError({"reason": _("Give the reason for refusing all or part of it.")})
        request.decision = decision
        request.decision_reason = reason
        request.decided_at = now
        request.decided_by = by
    elif to_status == S.DONE:
        if not delivered_how.strip():
            raise ValidationError({"delivered_how": _("Say how the answer reached the person.")})
        if (
            request.kind == RequestKind.ACCESS
            and request.decision != RequestDecision.REFUSED
            and request.export_made_at is None
        ):
            raise ValidationError(
                _("Make the export before you record that the answer was delivered."),
                code="no_export",
            )
        request.done_at = now
        request.delivered_how = delivered_how
    else:
        request.decision = ""
        request.decided_at = None
        request.decided_by = None
    request.status = to_status
    request.full_clean()
    request.save()
    status_event_record(
        RightsRequestEvent,
        by=by,
        from_status=from_status,
        to_status=to_status,
        request=request,
        note=reason or delivered_how,
    )
    return request


@transaction.atomic
def rights_request_export(*, request: RightsRequest, subject: Subject, by: User) -> bytes:
    """The access export for ``request`` (a ZIP); the time it was made is kept on the request."""
    if request.kind != RequestKind.ACCESS:
        raise ValidationError(_("Only a request for access gives an export."), code="kind")
    if request.decision == RequestDecision.REFUSED:
        raise ValidationError(_("The request was refused."), code="refused")
    archive = export_archive(subject, made_by=by)
    RightsRequest.objects.filter(pk=request.pk).update(export_made_at=timezone.now())
    return archive


@transaction.atomic
def sms_consent_set(*, subject: Subject, allowed: bool, method: str, by: User) -> Consent:
    """The person's consent to SMS, given or withdrawn (by them in the portal, or staff for
    them). Withdrawn, no SMS goes to them from the next message on
    (``messaging.services.message_queue_to_people``).

    SMS was the channel before consents were recorded: a person without a record
    who withdraws gets one whose giving is "not recorded".
    """
    scope = subject.key
    current = Consent.objects.filter(
        kind=ConsentKind.SMS, person_key=subject.key, withdrawn_at__isnull=True
    ).first()
    if allowed:
        return consent_give(
            kind=ConsentKind.SMS,
            site_id=subject.site_id,
            person_key=subject.key,
            person_name=subject.name,
            scope_key=scope,
            method=method,
            by=by,
        )
    if current is None:
        current = consent_give(
            kind=ConsentKind.SMS,
            site_id=subject.site_id,
            person_key=subject.key,
            person_name=subject.name,
            scope_key=scope,
            method=ConsentMethod.UNKNOWN,
            wording_version="-",
            by=None,
        )
    return consent_withdraw(consent=current, by=by, method=method)
