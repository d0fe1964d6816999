"""The anonymisation job over the demo site aged past every retention period (issue 12, done-when).

The demo site is built by its generator (every state of the programme), a
concern is raised on one ended friendship and left open, and the job runs as
if fifteen years had passed. Then: none of the demo's names, e-mail
addresses, phone numbers and free texts is left in any text column of any
table, nor in any encrypted field read through the ORM, except those of the
case under the open concern, which is held back with its reason; every
registered report shows the same figures; and a second run changes nothing.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.fields import EncryptedTextField
from hjemtilos.demo.generator import generate_demo
from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.organisations.models import Site
from hjemtilos.privacy import registry
from hjemtilos.privacy.models import RecordState, RetentionRecord
from hjemtilos.privacy.retention import retention_anonymise
from hjemtilos.referrals.models import Child, Guardian
from hjemtilos.reports.registry import ReportFilters, entry_for, served_slugs
from hjemtilos.reports.tables import Kind
from hjemtilos.safeguarding.models import ConcernSource
from hjemtilos.safeguarding.services import concern_raise
from hjemtilos.volunteers.models import HouseholdMember

pytestmark = pytest.mark.usefixtures("reference_data")

OPEN_CONCERN = "Barnet fortalte om uro derhjemme (retention test)."
TEXT_TYPES = ("char", "text", "json", "clob", "varchar")


def _owned_texts() -> dict[str, set[tuple[str, int]]]:
    """Every registered personal text (names, contact details, free text, decrypted) and the
    subjects' records it belongs to (a text shared by several records has several owners)."""
    owners: dict[str, set[tuple[str, int]]] = {}

    def own(text: Any, owner: tuple[str, int]) -> None:
        # A lone word ("Andrea") is part of other texts (a street, another family's name):
        # full names, addresses, e-mail addresses, numbers and sentences are searched for.
        if (
            isinstance(text, str)
            and len(text := text.strip()) >= 6
            and (" " in text or "@" in text)
        ):
            owners.setdefault(text, set()).add(owner)

    for entry in registry.personal_data():
        lookup = entry.path or "pk"
        for f in entry.fields:
            model_field = entry.model._meta.get_field(f.name)
            if f.action is registry.Action.KEEP or not isinstance(
                model_field, models.CharField | models.TextField
            ):
                continue
            for subject_pk, value in entry.model._base_manager.values_list(lookup, f.name):
                if subject_pk is not None:
                    own(value, (entry.subject, subject_pk))
    for model, subject, lookup in (
        (Child, "child", "pk"),
        (Guardian, "birth_family", "family_id"),
        (HouseholdMember, "volunteer_family", "family_id"),
    ):
        for first, last, subject_pk in model.objects.values_list("first_name", "last_name", lookup):
            own(f"{first} {last}", (subject, subject_pk))
    return owners


def _tables_without_personal_data() -> set[str]:
    """Tables of models not in the registry (templates, settings, reference data)."""
    registered = {model._meta.db_table for model in registry.registered_models()}
    return set(connection.introspection.table_names()) - registered - {"auditlog_logentry"}


def _case_texts(friendship: Friendship) -> set[str]:
    """The names and texts of the held-back case, which must stay."""
    child = friendship.child
    texts = {child.full_name, friendship.family.name}
    texts |= {f"{g.first_name} {g.last_name}" for g in child.family.guardians.all()}
    texts |= {f"{m.first_name} {m.last_name}" for m in friendship.family.members.all()}
    return texts


def _text_columns() -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            description = connection.introspection.get_table_description(cursor, table)
            columns = []
            for column in description:
                kind = connection.introspection.get_field_type(column.type_code, column)
                if any(t in kind.lower() for t in TEXT_TYPES):
                    columns.append(column.name)
            if columns:
                tables[table] = columns
    return tables


def _found_in_database(texts: set[str], only: set[str] | None = None) -> dict[str, set[str]]:
    """Which of ``texts`` appear in which table (any text column of any row)."""
    found: dict[str, set[str]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, columns in _text_columns().items():
            if only is not None and table not in only:
                continue
            # Names from the database's own catalogue, quoted: no input reaches the SQL.
            sql = f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}"  # noqa: S608
            cursor.execute(sql)
            blob = "\x00".join(
                str(value) for row in cursor.fetchall() for value in row if value is not None
            )
            if hits := {text for text in texts if text in blob}:
                found[table] = hits
    return found


def _found_through_the_orm(texts: set[str]) -> set[str]:
    """Which of ``texts`` an encrypted field still holds, decrypted."""
    found = set()
    for model in apps.get_models():
        encrypted = [
            f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if encrypted:
            blob = "\x00".join(
                v for values in model._base_manager.values_list(*encrypted) for v in values if v
            )
            found |= {text for text in texts if text in blob}
    return found


def _figures() -> dict[str, Any]:
    sites = list(Site.objects.order_by("name"))
    today = timezone.localdate()
    filters = ReportFilters(
        site_ids=tuple(s.pk for s in sites),
        site_names=tuple(s.name for s in sites),
        start=date(2000, 1, 1),
        end=today + timedelta(days=366),
        as_of=today,
    )
    figures: dict[str, Any] = {}
    for slug in served_slugs():
        entry = entry_for(slug)
        assert entry is not None
        # The figures, not the words: people's own words quoted in a report (the
        # surveys' free-text answers) are personal data and go with their period.
        figures[slug] = [
            (
                table.key,
                [
                    (
                        str(row.label),
                        [
                            v
                            for v, c in zip(row.values, table.columns, strict=True)
                            if c.kind != Kind.TEXT
                        ],
                    )
                    for row in table.rows
                ],
            )
            for table in entry.figures(filters).tables
            if any(c.kind != Kind.TEXT for c in table.columns)
        ]
    return figures


def _snapshot() -> dict[str, str]:
    """A digest of every table's rows, to show that nothing changed."""
    digests = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - a catalogue name
            rows = sorted(repr(row) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def _open_concern() -> Friendship:
    """An ended friendship with a concern raised today and left open."""
    friendship = Friendship.objects.filter(status=FriendshipStatus.COMPLETED).first()
    assert friendship is not None
    staff = User.objects.filter(role=Role.STAFF, site_memberships__site=friendship.site).first()
    assert staff is not None
    concern_raise(
        friendship=friendship,
        by=staff,
        source=ConcernSource.PHONE,
        observed=OPEN_CONCERN,
        observed_on=timezone.localdate(),
        observed_by="Retention",
    )
    return friendship


def _assert_gone(owned: dict[str, set[tuple[str, int]]], elsewhere: set[str]) -> set[str]:
    """The texts of every anonymised record are in no table and no encrypted field; returns them."""
    anonymised = set(
        RetentionRecord.objects.filter(state=RecordState.ANONYMISED).values_list(
            "subject", "object_id"
        )
    )
    gone = {text for text, owners in owned.items() if owners <= anonymised} - elsewhere
    leaks = _found_in_database(gone)
    assert {table: sorted(texts)[:3] for table, texts in leaks.items()} == {}
    assert _found_through_the_orm(gone) == set()
    return gone


def test_the_aged_demo_site_keeps_no_personal_data_and_the_same_figures():
    generate_demo()
    held = _open_concern()
    owned = _owned_texts()
    # A text also found where no person's data is (a plan template copied into a task) is
    # not a person's text.
    elsewhere = set().union(
        *_found_in_database(set(owned), only=_tables_without_personal_data()).values()
    )
    before = _figures()

    # Three years on: the friendships, children and families past their periods, the audit
    # log not yet (its entries about them lose names and values).
    result = retention_anonymise(now=timezone.now() + timedelta(days=3 * 366))
    assert result["child"] > 10 and result["friendship"] > 5 and result["volunteer_family"] > 1
    assert result["audit entries scrubbed"] > 100 and "audit entries deleted" not in result
    assert len(_assert_gone(owned, elsewhere)) > 100  # the demo's people and texts
    assert _figures() == before

    # Fifteen years on: every period has passed.
    later = timezone.now() + timedelta(days=15 * 366)
    result = retention_anonymise(now=later)
    assert result["audit entries deleted"] > 100
    _assert_gone(owned, elsewhere)
    assert _figures() == before
    # The case under the open concern is held back, with its reason, for staff to see.
    assert Child.objects.get(pk=held.child_id).full_name == held.child.full_name
    assert _found_in_database(_case_texts(held) - elsewhere)
    reason = RetentionRecord.objects.get(
        subject="child", object_id=held.child_id, state=RecordState.HELD
    ).reason
    assert reason == str(registry.holds("child")[0].reason)
    assert _found_through_the_orm({OPEN_CONCERN}) == {OPEN_CONCERN}

    snapshot = _snapshot()
    retention_anonymise(now=later)
    assert _snapshot() == snapshot


def test_every_model_with_a_personal_data_field_is_registered():
    """A model with a name, an e-mail address, a phone number, an encrypted text or a file
    is in the registry, so the record of processing and the job cannot miss it."""
    registered = registry.registered_models()
    names = {"first_name", "last_name", "name", "phone", "email", "street_address", "from_name"}
    # Rows that name no person: reference data, system settings, secrets, the registry's own.
    not_personal = {
        "organisations.Municipality",  # the municipality's own office address
        "organisations.Site",
        "accounts.AuthenticatorDevice",  # an encrypted TOTP secret
        "accounts.BackupCodeDevice",
        "support.SupervisionGroup",
        "api.ApiToken",
        "surveys.Survey",
        "organisations.PostalCode",
        "friendships.SchoolHoliday",
    }
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("hjemtilos") or model._meta.label in not_personal:
            continue
        personal = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, EncryptedTextField | models.EmailField | models.FileField)
            or f.name in names
        ]
        if personal and model not in registered:
            missing.append(f"{model._meta.label}: {', '.join(personal)}")
    assert missing == []
