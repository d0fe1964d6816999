"""Sensitive text is unreadable in the raw database, and keys can be rotated."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from hjemtilos.core import crypto
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
