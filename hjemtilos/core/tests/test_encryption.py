"""Sensitive text is unreadable in the raw database, and keys can be rotated."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from hjemtilos.core import crypto
from hjemtilos.core.migration_ops import encrypt_existing
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.referrals.models import Child, Referral

SECRET = "Diagnosticeret med ADHD; mor har depression."


def raw_needs(child: Child) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT needs FROM referrals_child WHERE id = %s", [child.pk])
        return str(cursor.fetchone()[0])


@pytest.fixture
def child(referral: Referral) -> Child:
    child = referral.child
    child.needs = SECRET
    child.save()
    return child


def test_the_raw_column_holds_no_plaintext(child):
    raw = raw_needs(child)
    assert SECRET not in raw
    assert "ADHD" not in raw
    assert crypto.decrypt(raw) == SECRET
    assert Child.objects.get(pk=child.pk).needs == SECRET


def test_searching_encrypted_text_is_refused(db):
    with pytest.raises(NotImplementedError):
        Child.objects.filter(**{"needs__icontains": "ADHD"}).count()
    assert Child.objects.filter(**{"needs__isnull": True}).count() == 0


def test_rotation_moves_every_value_to_the_new_key(child, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    before = raw_needs(child)
    call_command("rotate_encryption_keys")
    after = raw_needs(child)
    assert after != before and SECRET not in after
    # With only the new key left, everything still reads.
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert Child.objects.get(pk=child.pk).needs == SECRET
    assert Fernet(new_key.encode()).decrypt(after.encode()).decode() == SECRET


def test_dry_run_changes_nothing(child, settings, capsys):
    settings.FIELD_ENCRYPTION_KEYS = [
        Fernet.generate_key().decode(),
        settings.FIELD_ENCRYPTION_KEYS[0],
    ]
    before = raw_needs(child)
    call_command("rotate_encryption_keys", "--dry-run")
    assert raw_needs(child) == before
    assert "referrals.Child.needs:" in capsys.readouterr().out


def test_a_value_under_an_unknown_key_stops_rotation_with_a_clear_error(child, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("rotate_encryption_keys")


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - test names
        return str(cursor.fetchone()[0])


def test_allergies_religion_and_the_childs_wishes_are_encrypted(referral):
    referral.allergies = "Nødder og katte"
    referral.religion_food = "Muslim, spiser halal"
    referral.wishes = "Vil gerne have en hund at gå tur med"
    referral.save()
    for column, text in [("allergies", "Nødder"), ("religion_food", "halal"), ("wishes", "hund")]:
        assert text not in _raw("referrals_referral", column, referral.pk)
    again = Referral.objects.get(pk=referral.pk)
    assert (again.allergies, again.wishes) == ("Nødder og katte", referral.wishes)


def test_a_familys_motivation_and_task_descriptions_are_encrypted(volunteer_family, site, staff):
    family = volunteer_family
    family.motivation = "Vi mistede selv et barn og vil gerne give noget videre"
    family.save()
    assert "barn" not in _raw("volunteers_volunteerfamily", "motivation", family.pk)
    task = follow_up_task_create(
        site=site,
        kind=FollowUpKind.CALL_PARENT,
        title="Ring",
        due_on=date(2026, 12, 1),
        owner=staff,
        by=staff,
        description="Ring til mor om skolen",
    )
    assert "skolen" not in _raw("followups_followuptask", "description", task.pk)
    assert FollowUpTask.objects.get(pk=task.pk).description == "Ring til mor om skolen"


def test_the_data_migration_encrypts_existing_rows_and_reverses(referral):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE referrals_referral SET allergies = %s, religion_food = '', wishes = %s "
            "WHERE id = %s",
            ["Jordnødder", "En storebror", referral.pk],
        )
    # The models as they were before the migration, when the columns held plain text.
    before = MigrationLoader(connection).project_state(
        ("referrals", "0004_health_and_wishes_encrypted_text_limits"), at_end=False
    )
    operation = encrypt_existing("referrals", "referral", "allergies", "religion_food", "wishes")
    editor: Any = SimpleNamespace(connection=connection)  # all RunPython code reads of it
    operation.code(before.apps, editor)
    assert "Jordnødder" not in _raw("referrals_referral", "allergies", referral.pk)
    again = Referral.objects.get(pk=referral.pk)
    assert (again.allergies, again.religion_food, again.wishes) == (
        "Jordnødder",
        "",
        "En storebror",
    )
    assert operation.reverse_code is not None
    operation.reverse_code(before.apps, editor)
    assert _raw("referrals_referral", "wishes", referral.pk) == "En storebror"
