"""The production profile is safe to deploy and refuses to start half-configured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="hjemtilos.settings.production",
        SECRET_KEY="x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        DATABASE_URL="postgres://hjemtilos@127.0.0.1:5432/hjemtilos",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="hjemtilos.example.org",
    )
    env.update(overrides)
    return env


def test_check_deploy_with_production_profile_prints_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_profile_refuses_to_start_without_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_profile_refuses_sqlite():
    result = run_manage("check", env=production_env(DATABASE_URL="sqlite:///tmp/x.sqlite3"))
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_bad_boolean_in_environment_fails_with_the_variable_name():
    env = production_env(DEBUG="maybe")
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_var_its_secrets_and_the_sqlite_file_are_readable_by_the_owner_only(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)  # as an older version left it
    var.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    env.pop("SECRET_KEY", None)
    env.pop("FIELD_ENCRYPTION_KEYS", None)
    env.update(DJANGO_SETTINGS_MODULE="hjemtilos.settings", HJEMTILOS_VAR_DIR=str(var))
    result = run_manage(
        "shell", "-c", "from django.db import connection; connection.ensure_connection()", env=env
    )
    assert result.returncode == 0, result.stderr
    assert var.stat().st_mode & 0o777 == 0o700
    database = var / "hjemtilos.sqlite3"
    assert database.exists()
    for path in [database, *(p for p in var.iterdir() if p.is_file())]:
        assert path.stat().st_mode & 0o777 == 0o600, path.name
