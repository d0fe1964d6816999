"""The backup and restore drill of docs/operations.md, run on a small dataset.

The test database (PostgreSQL) is the running system: data is committed to it,
``scripts/restore_drill.sh`` backs it up with pg_dump, restores it into a fresh
PostgreSQL server, compares every table, decrypts every encrypted value, starts
the app with gunicorn on the copy and signs a staff member in.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection

from hjemtilos.conftest import confirmed_device
from hjemtilos.messaging.models import Message
from hjemtilos.messaging.services import message_queue_sms
from hjemtilos.referrals.models import Child

ROOT = Path(__file__).resolve().parents[3]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def run_drill(keys: list[str], tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    key_file = tmp_path / "keys"
    key_file.write_text("\n".join(keys) + "\n")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "FIELD_ENCRYPTION_KEYS_FILE": str(key_file),
    }
    return subprocess.run(  # noqa: S603 - our own script with fixed arguments
        ["bash", "scripts/restore_drill.sh", *args],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def small_system(staff, referral, parent):
    """A staff member with an authenticator, a child with health needs, a message."""
    confirmed_device(staff)
    Child.objects.filter(pk=referral.child_id).update(needs="Astma; bruger inhalator")
    message_queue_sms(
        template="invitation",
        to_number="22334455",
        context={"first_name": "Pia", "link": "https://hjemtilos.example/x/"},
        related=referral,
    )
    assert Message.objects.count() >= 1
    return staff


def test_the_restore_drill_proves_the_copy_identical_and_a_staff_member_signs_in(
    small_system, tmp_path
):
    keys = settings.FIELD_ENCRYPTION_KEYS
    result = run_drill(keys, tmp_path, "--staff-email", small_system.email)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "The backup holds no encryption key." in output
    assert "tables identical" in output
    decrypted = int(output.split(" encrypted values decrypted")[0].rsplit("\n", 1)[-1])
    # At least the child's needs and the message's text.
    assert decrypted >= 2
    assert f"Staff member {small_system.get_full_name()} <{small_system.email}> signed in" in output
    assert "The restored copy is identical and works." in output


def test_the_drill_fails_when_the_keys_are_not_those_of_the_system(small_system, tmp_path):
    result = run_drill([Fernet.generate_key().decode()], tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "cannot be decrypted with the keys given" in output
    assert "signed in" not in output
