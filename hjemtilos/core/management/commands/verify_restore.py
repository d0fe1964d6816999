"""``manage.py verify_restore``: prove a restored database the same as the one backed up.

Run by ``scripts/restore_drill.sh`` (docs/operations.md) with ``DATABASE_URL``
pointing at the restored copy and ``FIELD_ENCRYPTION_KEYS`` from the key store
(never from the backup). It checks, in this order, and stops at the first failure:

1. every table of the source exists in the copy with the same number of rows and
   the same checksum (md5 over the rows' text, in a fixed order);
2. every encrypted value in the copy decrypts with the keys given;
3. with ``--login-url``: a staff member signs in to the restored app through its
   real login and second-factor pages. The drill sets a throw-away password on the
   copy (never on the source) and computes the code from the member's authenticator
   device, as their app would.
"""

from __future__ import annotations

import http.cookiejar
import re
import secrets
import urllib.parse
import urllib.request
from typing import Any

import psycopg
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from psycopg import sql

from hjemtilos.core import crypto
from hjemtilos.core.management.commands.rotate_encryption_keys import encrypted_columns

TABLES = sql.SQL(
    "SELECT table_name FROM information_schema.tables "
    "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
)


def _checksum_query(table: str) -> sql.Composed:
    # The text of each whole row, sorted, so the physical order on disk does not matter.
    return sql.SQL(
        "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') "
        "FROM {} AS t"
    ).format(sql.Identifier(table))


def table_fingerprints(cursor: Any) -> dict[str, tuple[int, str]]:
    """Rows and checksum of every table in the public schema."""
    cursor.execute(TABLES.as_string(cursor.connection))
    tables = [row[0] for row in cursor.fetchall()]
    fingerprints = {}
    for table in tables:
        cursor.execute(_checksum_query(table).as_string(cursor.connection))
        count, checksum = cursor.fetchone()
        fingerprints[table] = (int(count), str(checksum))
    return fingerprints


def decrypt_all() -> int:
    """Decrypt every encrypted value; the number decrypted (CommandError on the first failure)."""
    total = 0
    quote = connection.ops.quote_name
    for model, field in encrypted_columns():
        table, column, pk = (
            quote(model._meta.db_table),
            quote(str(field.column)),
            quote(model._meta.pk.column),
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {pk}, {column} FROM {table} WHERE {column} IS NOT NULL AND {column} <> ''"  # noqa: S608 - quoted model metadata
            )
            for row_pk, token in cursor.fetchall():
                try:
                    crypto.decrypt(token)
                except crypto.InvalidToken as exc:
                    raise CommandError(
                        f"{model._meta.label}.{field.name} id={row_pk} cannot be decrypted with "
                        "the keys given: are FIELD_ENCRYPTION_KEYS those of the backed-up system?"
                    ) from exc
                total += 1
    return total


class _Browser:
    """Just enough of a browser for the login pages: cookies, forms with a CSRF token."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[str, str]:
        _, page = self.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not match:
            raise CommandError(f"No form on {path}")
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), **fields}).encode()
        request = urllib.request.Request(  # noqa: S310 - our own drill server's URL
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()


def staff_login(base_url: str, email: str | None) -> str:
    """Sign a staff member in to the restored app at ``base_url``; their name as shown."""
    user_model = get_user_model()
    staff = user_model.objects.filter(role="staff", is_active=True)
    if email:
        staff = staff.filter(email=email)
    devices = TOTPDevice.objects.filter(user__in=staff, confirmed=True).select_related("user")
    device = devices.order_by("user__email").first()
    if device is None:
        raise CommandError("No active staff member with an authenticator in the restored copy.")
    user = device.user
    password = secrets.token_urlsafe(24)
    # Only in the throw-away copy: the drill may not know anybody's real password.
    user.set_password(password)
    user.save(update_fields=["password"])
    browser = _Browser(base_url)
    url, page = browser.post_form("/konto/log-ind/", {"username": user.email, "password": password})
    if "/konto/to-faktor/" not in url:
        raise CommandError(f"Signing in as {user.email} did not reach the second factor ({url}).")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code = f"{totp.token():0{device.digits}d}"
    url, page = browser.post_form("/konto/to-faktor/", {"token": code})
    name = user.get_full_name()
    if url.rstrip("/") != browser.base or name not in page:
        raise CommandError(f"{user.email} was not shown their home page after the second factor.")
    return f"{name} <{user.email}>"


class Command(BaseCommand):
    help = "Compare a restored database with its source, decrypt it, and sign a staff member in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source-url", required=True, help="The backed-up database.")
        parser.add_argument("--login-url", help="The restored app, started on this copy.")
        parser.add_argument("--staff-email", help="Who signs in (default: the first staff member).")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The restore drill is for PostgreSQL.")
        with psycopg.connect(options["source_url"]) as source, source.cursor() as cursor:
            expected = table_fingerprints(cursor)
        with connection.cursor() as cursor:
            restored = table_fingerprints(cursor)
        different = sorted(
            table
            for table in expected.keys() | restored.keys()
            if expected.get(table) != restored.get(table)
        )
        if different:
            details = "; ".join(
                f"{t}: source {expected.get(t, 'missing')}, copy {restored.get(t, 'missing')}"
                for t in different
            )
            raise CommandError(f"The copy differs from the source: {details}")
        rows = sum(count for count, _ in expected.values())
        self.stdout.write(f"{len(expected)} tables identical ({rows} rows, checksum per table).")
        self.stdout.write(f"{decrypt_all()} encrypted values decrypted with the keys given.")
        if options["login_url"]:
            who = staff_login(options["login_url"], options["staff_email"])
            self.stdout.write(f"Staff member {who} signed in to the restored app.")
        self.stdout.write(self.style.SUCCESS("The restored copy is identical and works."))
