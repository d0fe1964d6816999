"""Reads of the audit log, of the records anonymisation holds back, and of the data
subjects' consents and requests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.organisations.selectors import site_ids_for_staff
from hjemtilos.privacy import policies
from hjemtilos.privacy.exports import Subject, subject_for_user, subject_kind
from hjemtilos.privacy.models import (
    Consent,
    ConsentKind,
    RecordState,
    RequestStatus,
    RetentionRecord,
    RightsRequest,
)


def audit_entry_for_user_or_404(*, user: User, pk: int) -> LogEntry:
    """One audit-log entry, for administrators (other roles 403)."""
    return fetch_or_refuse(
        LogEntry.objects.select_related("actor", "content_type"),
        user=user,
        pk=pk,
        page=policies.can_search_audit_log,
    )


def audit_entries(filters: dict[str, Any]) -> QuerySet[LogEntry]:
    """Log entries matching the (cleaned) search form, newest first."""
    # django-auditlog ships no types: say what its manager returns.
    qs: QuerySet[LogEntry] = LogEntry.objects.select_related("actor", "content_type")
    if filters.get("actor"):
        qs = qs.filter(actor_email__icontains=filters["actor"]) | qs.filter(
            actor__email__icontains=filters["actor"]
        )
    if filters.get("action") is not None:
        qs = qs.filter(action=filters["action"])
    if filters.get("object_type"):
        qs = qs.filter(content_type_id=filters["object_type"])
    if filters.get("object_id"):
        qs = qs.filter(object_pk=filters["object_id"])
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        qs = qs.filter(timestamp__gte=datetime.combine(filters["date_from"], time.min, tz))
    if filters.get("date_to"):
        end = datetime.combine(filters["date_to"], time.min, tz) + timedelta(days=1)
        qs = qs.filter(timestamp__lt=end)
    if filters.get("remote_addr"):
        qs = qs.filter(remote_addr=filters["remote_addr"])
    return qs.order_by("-timestamp", "-id")


def held_records(user: User) -> QuerySet[RetentionRecord]:
    """Records the anonymisation job holds back: staff their sites', the advisory team all."""
    qs = RetentionRecord.objects.filter(state=RecordState.HELD).order_by("subject", "object_id")
    if user.role == Role.ADVISORY:
        return qs
    return qs.filter(site_id__in=list(site_ids_for_staff(user)))


def sms_refused_keys(keys: Iterable[str]) -> set[str]:
    """Of the people ``keys``, those whose consent to SMS is withdrawn (one query, none
    without keys). A consent given again after a withdrawal is in force."""
    wanted = {key for key in keys if key}
    if not wanted:
        return set()
    withdrawn: set[str] = set()
    in_force: set[str] = set()
    for key, withdrawn_at in Consent.objects.filter(
        kind=ConsentKind.SMS, person_key__in=wanted
    ).values_list("person_key", "withdrawn_at"):
        (in_force if withdrawn_at is None else withdrawn).add(key)
    return withdrawn - in_force


def consents_of(subject: Subject) -> QuerySet[Consent]:
    """The consents a person gave (or their family gave for them): in force first, newest first."""
    return Consent.objects.filter(person_key__in=subject.consent_keys).order_by(
        "withdrawn_at", "-given_at", "-id"
    )


def sms_consent_state(person_key: str) -> bool:
    """Whether SMS may go to the person: yes unless their SMS consent is withdrawn."""
    return person_key not in sms_refused_keys([person_key])


def subject_for_rights_or_404(*, user: User, kind: str, pk: int) -> Subject:
    """The person whose rights staff of their site handle (other roles 403, others' people 404)."""
    if not policies.can_handle_rights(user):
        raise PermissionDenied
    entry = subject_kind(kind)
    if entry is None:
        raise Http404
    return entry.load(user, pk)


def rights_requests_visible(user: User) -> QuerySet[RightsRequest]:
    """The requests at the user's sites: open ones first (overdue before the rest), then done."""
    return (
        RightsRequest.objects.filter(site_id__in=site_ids_for_staff(user))
        .select_related("site")
        .annotate(
            done_last=Case(
                When(status=RequestStatus.DONE, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("done_last", "due_on", "id")
    )


def rights_requests_of(person_key: str) -> QuerySet[RightsRequest]:
    return RightsRequest.objects.filter(subject_key=person_key).order_by("-received_on", "-id")


def rights_request_for_handling_or_404(*, user: User, pk: int) -> RightsRequest:
    """A request, for staff of its site (other roles 403, other sites' 404)."""
    return fetch_or_refuse(
        RightsRequest.objects.select_related("site", "recorded_by", "decided_by"),
        user=user,
        pk=pk,
        page=policies.can_handle_rights,
        visible=lambda viewer, request: policies.can_handle_rights_of(viewer, request.site_id),
    )


def request_subject(*, user: User, request: RightsRequest) -> Subject:
    """The person a request is about, loaded through their app's rule (as on their page)."""
    kind, _sep, pk = request.subject_key.rpartition("-")
    return subject_for_rights_or_404(user=user, kind=kind, pk=int(pk))


def consent_for_withdrawing_or_404(*, user: User, pk: int) -> Consent:
    """A consent in force that ``user`` may withdraw: staff of its site, or the person
    themselves in the portal (others 404)."""

    def visible(viewer: User, consent: Consent) -> bool:
        if policies.can_handle_rights_of(viewer, consent.site_id):
            return True
        own = subject_for_user(viewer) if policies.can_view_own_consents(viewer) else None
        return own is not None and _covers(own, consent)

    return fetch_or_refuse(
        Consent.objects.all(),
        user=user,
        pk=pk,
        page=lambda viewer: (
            policies.can_handle_rights(viewer) or policies.can_view_own_consents(viewer)
        ),
        visible=visible,
    )


def _covers(subject: Subject, consent: Consent) -> bool:
    return consent.person_key in subject.consent_keys
