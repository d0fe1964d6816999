"""The right of access (GDPR Art. 15): whose data can be exported, and what each app adds.

``privacy`` sits low (ADR 0038) and knows no child, parent or volunteer. The
apps that hold a person's data fill two registries from their
``AppConfig.ready()``:

* ``register_subject_kind``: a kind of person (``guardian``, ``child``,
  ``member``), how to load one for a user (fetch or refuse: staff of the
  person's site) and how to find the person a portal user is;
* ``register_exporter``: a section of a person's export, built from the
  app's own records of that person only (docs/privacy-rights.md says what
  each section leaves out: other people, the volunteer family's identity,
  safeguarding records).

``export_archive`` builds the ZIP: ``oversigt.html`` (readable), ``data.json``
(machine-readable), both from the same sections.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.privacy.models import Consent, RightsRequest
from hjemtilos.privacy.policies import can_handle_rights, can_handle_rights_of

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from hjemtilos.accounts.models import User


@dataclass(frozen=True)
class Subject:
    """A person whose rights are exercised: their key, name, site and record."""

    kind: str
    pk: int
    name: str
    site_id: int
    record: Model
    #: Others' keys whose consents cover this person too: a consent the child's
    #: parents gave together is kept under their family (``birthfamily-4``).
    shared_keys: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pk}"

    @property
    def consent_keys(self) -> tuple[str, ...]:
        return (self.key, *self.shared_keys)


@dataclass(frozen=True)
class SubjectKind:
    key: str
    label: str | Promise
    #: The person ``pk`` for pages about their rights (fetch or refuse: 403/404).
    load: Callable[[User, int], Subject]
    #: The person a portal user is, if they are one of this kind.
    for_user: Callable[[User], Subject | None] = lambda user: None
    #: The page about the person in their own app (for links back).
    url: Callable[[Subject], str] = lambda subject: ""


@dataclass
class ExportSection:
    """One part of an export: a title and rows of label → value."""

    key: str
    title: str | Promise
    rows: list[dict[str, Any]] = field(default_factory=list)
    #: What this section deliberately leaves out, said in the summary.
    note: str | Promise = ""


Exporter = Callable[[Subject], list[ExportSection]]
M = TypeVar("M", bound="Model")


def fetch_subject(
    queryset: QuerySet[M],
    *,
    user: User,
    pk: int,
    site_id: Callable[[M], int],
    subject: Callable[[M], Subject],
) -> Subject:
    """The person ``pk`` for the pages about their rights: staff of the person's site (other
    roles 403, others' people 404), as a ``Subject``. Each kind's ``load`` is built on it."""
    found = fetch_or_refuse(
        queryset,
        user=user,
        pk=pk,
        page=can_handle_rights,
        visible=lambda viewer, record: can_handle_rights_of(viewer, site_id(record)),
    )
    return subject(found)


def person_kind(
    key: str,
    label: str | Promise,
    queryset: QuerySet[M],
    *,
    site_id: Callable[[M], int],
    shared_keys: Callable[[M], tuple[str, ...]] = lambda record: (),
    for_user: Callable[[User], M | None] = lambda user: None,
    url: Callable[[Subject], str] = lambda subject: "",
) -> SubjectKind:
    """A kind of person who is one row of ``queryset``, named as the row prints itself: staff
    load one with ``fetch_subject``; a portal user is the row ``for_user`` finds, if any."""

    def subject(record: M) -> Subject:
        return Subject(
            kind=key,
            pk=record.pk,
            name=str(record),
            site_id=site_id(record),
            record=record,
            shared_keys=shared_keys(record),
        )

    def load(user: User, pk: int) -> Subject:
        return fetch_subject(queryset, user=user, pk=pk, site_id=site_id, subject=subject)

    def portal_subject(user: User) -> Subject | None:
        record = for_user(user)
        return subject(record) if record is not None else None

    return SubjectKind(key=key, label=label, load=load, for_user=portal_subject, url=url)


_KINDS: dict[str, SubjectKind] = {}
_EXPORTERS: dict[str, list[tuple[int, Exporter]]] = {}


def register_subject_kind(kind: SubjectKind) -> None:
    _KINDS[kind.key] = kind


def register_exporter(kind: str, exporter: Exporter, *, order: int = 100) -> None:
    entries = _EXPORTERS.setdefault(kind, [])
    if all(existing is not exporter for _order, existing in entries):
        entries.append((order, exporter))
        entries.sort(key=lambda entry: entry[0])


def subject_kind(key: str) -> SubjectKind | None:
    return _KINDS.get(key)


def subject_kinds() -> list[SubjectKind]:
    return list(_KINDS.values())


def subject_for_user(user: User) -> Subject | None:
    """The person a portal user (a parent, a volunteer) is, or ``None``."""
    for kind in _KINDS.values():
        subject = kind.for_user(user)
        if subject is not None:
            return subject
    return None


def export_sections(subject: Subject) -> list[ExportSection]:
    """Every registered app's sections about ``subject``, in their order, then the
    person's consents and requests (kept here, in ``privacy``)."""
    sections: list[ExportSection] = []
    for _order, exporter in _EXPORTERS.get(subject.kind, []):
        sections.extend(exporter(subject))
    consents = Consent.objects.filter(person_key__in=subject.consent_keys).order_by("given_at")
    requests = RightsRequest.objects.filter(subject_key=subject.key).order_by("received_on")
    sections.append(
        ExportSection(
            key="consents",
            title=_("Consents"),
            rows=[
                record_row(
                    consent,
                    [
                        "kind",
                        "scope_label",
                        "person_name",
                        "wording_version",
                        "given_at",
                        "given_method",
                        "withdrawn_at",
                        "withdrawn_method",
                    ],
                )
                for consent in consents
            ],
        )
    )
    sections.append(
        ExportSection(
            key="requests",
            title=_("Your requests about your data"),
            rows=[
                record_row(
                    request,
                    ["kind", "received_on", "due_on", "status", "decision", "decision_reason"],
                )
                for request in requests
            ],
        )
    )
    return sections


def _plain(value: Any) -> Any:
    """A value as JSON holds it (dates in ISO form, lazy texts as text)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def export_json(subject: Subject, sections: list[ExportSection], *, made_at: datetime) -> str:
    data = {
        "person": {"kind": subject.kind, "name": subject.name},
        "made_at": _plain(made_at),
        "sections": {
            section.key: {
                "title": str(section.title),
                "note": str(section.note),
                "rows": [{str(k): _plain(v) for k, v in row.items()} for row in section.rows],
            }
            for section in sections
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def export_archive(subject: Subject, *, made_by: User) -> bytes:
    """The ZIP handed to the person: a readable summary and the same data as JSON."""
    made_at = timezone.now()
    sections = export_sections(subject)
    summary = render_to_string(
        "privacy/export_summary.html",
        {"subject": subject, "sections": sections, "made_at": made_at, "made_by": made_by},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("oversigt.html", summary)
        archive.writestr("data.json", export_json(subject, sections, made_at=made_at))
    return buffer.getvalue()


def record_row(record: Model, fields: list[str]) -> dict[str, Any]:
    """``fields`` of ``record`` as label → value (choices shown by their label, a related
    record by its name), for an export section."""
    row: dict[str, Any] = {}
    for name in fields:
        model_field = record._meta.get_field(name)
        label = str(getattr(model_field, "verbose_name", name))
        display = getattr(record, f"get_{name}_display", None)
        value = display() if callable(display) else getattr(record, name)
        if value is not None and getattr(model_field, "is_relation", False):
            value = str(value)
        row[label] = value
    return row
