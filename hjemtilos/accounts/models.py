"""Users, roles, invitations, second-factor devices and the accounts' own audit trail."""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice

from hjemtilos.core.fields import (
    EncryptedTextField,
    LimitedTextField,
    accountable_field,
    actor_field,
)
from hjemtilos.core.models import HashedToken
from hjemtilos.core.phones import normalise_phone_number


class Role(models.TextChoices):
    """What a user does in the programme; decides home page and access."""

    STAFF = "staff", _("Programme staff")
    ADVISORY = "advisory", _("Child-welfare advisory")
    CASEWORKER = "caseworker", _("Municipal caseworker")
    VOLUNTEER = "volunteer", _("Volunteer family")
    PARENT = "parent", _("Parent")
    EVALUATOR = "evaluator", _("Evaluator")
    ADMINISTRATOR = "administrator", _("Administrator")


#: Roles that handle personal data broadly and so must use a second factor.
SECOND_FACTOR_ROLES = frozenset({Role.STAFF, Role.ADVISORY, Role.ADMINISTRATOR})

#: Roles that may hold an account with a phone number only (no e-mail address):
#: the families, some of whom have no e-mail at all.
PHONE_ONLY_ROLES = frozenset({Role.VOLUNTEER, Role.PARENT})


def login_identifier(raw: str) -> str:
    """What a person types to sign in, in the form accounts are stored in.

    An e-mail address is lower-cased; anything else is read as a Danish mobile
    number (``+4522334455``), the sign-in of people who have no e-mail. Text
    that is neither is returned trimmed, to be found by nobody.
    """
    value = (raw or "").strip()
    if "@" in value:
        return value.lower()
    try:
        return normalise_phone_number(value)
    except ValidationError:
        return value


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        """Sign-in: by e-mail, or by mobile number for an account that has no e-mail."""
        identifier = login_identifier(username or "")
        if "@" in identifier:
            return self.get(email=identifier)
        return self.get(phone=identifier, email__isnull=True)

    def create_user(
        self, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        if not email and not extra.get("phone"):
            raise ValueError("An e-mail address or a phone number is required")
        user = self.model(email=self.normalize_email(email).lower() if email else None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("role", Role.ADMINISTRATOR)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


# django-stubs cannot build the reverse manager of a device (django-otp is untyped).
class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    """A person who logs in. Logs in with e-mail (or a mobile number); has exactly one role.

    ``is_staff`` and ``is_superuser`` are Django's flags for the admin site,
    held by administrators only and kept in step with the role by the
    services; they are not the programme-staff role.
    """

    # Null, not blank, when a family member has no e-mail: unique allows many nulls.
    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseworkers",
        verbose_name=_("municipality"),
        help_text=_("Caseworkers only: the municipality they work for."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("da", _("Danish")), ("en", _("English"))],
        default="da",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Raised to end every open session of the user at once (deactivation, a
    # second-factor reset, a new role): it is part of the session's hash.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name"]

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="caseworker") | models.Q(municipality__isnull=False),
                name="caseworker_has_municipality",
            ),
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | ~models.Q(phone=""),
                name="user_has_email_or_phone",
            ),
            # A person without e-mail signs in with the number: it must find one account.
            models.UniqueConstraint(
                fields=["phone"],
                condition=models.Q(email__isnull=True),
                name="phone_sign_in_is_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.login_name

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def login_name(self) -> str:
        """What the person signs in with: the e-mail, or the mobile number without one."""
        return self.email or self.phone

    @property
    def needs_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES

    def _session_hash(self, secret: str | None = None) -> str:
        return salted_hmac(
            "hjemtilos.accounts.User.session_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_hash(self) -> str:
        """Django ends a session whose stored hash differs: a new password or generation does."""
        return self._session_hash()

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=str(fallback_secret))


class InvitationChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class Invitation(HashedToken):
    """A link by e-mail or SMS that lets a new user set a password (*invitation*).

    Only a hash of the token is stored; the link itself is sent once.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    invited_by = actor_field()
    # The site whose staff invited the person (a family's, a child's): its lead
    # follows up on invitations nobody accepted.
    site = models.ForeignKey(
        "organisations.Site",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    channel = models.CharField(
        _("sent by"), max_length=10, choices=InvitationChannel.choices, default="email"
    )
    sent_to = models.CharField(_("sent to"), max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"Invitation for {self.user_id}"

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class AccountAction(models.TextChoices):
    INVITED = "invited", _("Invited")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    DEACTIVATED = "deactivated", _("Deactivated")
    REACTIVATED = "reactivated", _("Reactivated")
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Authenticator app set up")
    SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset")
    BACKUP_CODES_CREATED = "backup_codes_created", _("Backup codes made")
    BACKUP_CODE_USED = "backup_code_used", _("Signed in with a backup code")
    ROLE_CHANGE_REQUESTED = "role_change_requested", _("Role change requested")
    ROLE_CHANGED = "role_changed", _("Role changed")
    ROLE_CHANGE_REFUSED = "role_change_refused", _("Role change refused")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
    PASSWORD_RESET = "password_reset", _("Password reset")


class AccountEvent(models.Model):
    """One thing done to an account, by whom and why (Zulip's ``RealmAuditLog``).

    Written by the accounts services only, in the same transaction as the
    change; never edited. An administrator's actions carry their reason.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_events")
    action = models.CharField(_("action"), max_length=40, choices=AccountAction.choices)
    by = actor_field(_("by"))
    reason = LimitedTextField(_("reason"), max_length=1000, blank=True)
    # What changed, without secrets: {"from": "staff", "to": "administrator"}, {"channel": "sms"}.
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.user_id})"

    @property
    def role_change(self) -> tuple[str, str] | None:
        """The roles changed from and to, by their names, for a role event."""
        old, new = self.details.get("from"), self.details.get("to")
        if old not in Role.values or new not in Role.values:
            return None
        return str(Role(old).label), str(Role(new).label)


#: How long a request to make someone an administrator waits for a second administrator.
ROLE_CHANGE_REQUEST_VALID = timedelta(days=7)


class RoleChangeRequestQuerySet(models.QuerySet["RoleChangeRequest"]):
    def open(self) -> RoleChangeRequestQuerySet:
        return self.filter(
            confirmed_at__isnull=True,
            refused_at__isnull=True,
            requested_at__gt=timezone.now() - ROLE_CHANGE_REQUEST_VALID,
        )


class RoleChangeRequest(models.Model):
    """A role change to administrator, waiting for a second administrator to confirm it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_requests")
    from_role = models.CharField(_("from role"), max_length=20, choices=Role.choices)
    to_role = models.CharField(_("to role"), max_length=20, choices=Role.choices)
    reason = LimitedTextField(_("reason"), max_length=1000)
    requested_by = accountable_field()
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = accountable_field(optional=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    refused_at = models.DateTimeField(null=True, blank=True)

    objects = RoleChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("role change request")
        verbose_name_plural = _("role change requests")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.from_role} → {self.to_role}"

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.confirmed_at is None
            and self.refused_at is None
            and self.requested_at > now - ROLE_CHANGE_REQUEST_VALID
        )


class ThrottleHit(models.Model):
    """One counted request of a kind from one client or for one account (password resets).

    Only a keyed hash of the address or account is kept: enough to count,
    useless to identify. Rows older than the longest window are pruned daily.
    """

    scope = models.CharField(max_length=40)
    key_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key_hash", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"


# Second factors ------------------------------------------------------------------------


def _new_totp_key() -> str:
    return secrets.token_hex(20)


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP, RFC 6238) whose secret is encrypted at rest.

    django-otp's own ``TOTPDevice`` keeps the secret in clear text; this device
    holds it in an ``EncryptedTextField`` and otherwise verifies codes as that
    device does (the fields and ``verify_token`` follow django-otp 1.7's
    ``otp_totp.models.TOTPDevice``). The secret is shown only to its owner,
    while the device is being set up, and never again to anyone.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="authenticators")
    key = EncryptedTextField(default=_new_totp_key)  # hex of 20 random bytes
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    # The time step of the last accepted code: a code is accepted once.
    last_t = models.BigIntegerField(default=-1)

    # django-otp is untyped: the manager it gives every device, as the type checker sees it.
    objects: ClassVar[models.Manager[AuthenticatorDevice]]

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.key.encode())

    def _totp(self) -> TOTP:
        totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
        totp.time = time.time()
        return totp

    def verify_token(self, token: Any) -> bool:
        allowed, _data = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            code = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = self._totp()
            verified = totp.verify(code, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return bool(verified)

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1))

    @property
    def config_url(self) -> str:
        """The ``otpauth://`` address an authenticator app reads from the QR code."""
        issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "Hjem til Os")).replace(":", "")
        label = f"{issuer}:{self.user.login_name}"
        params = urlencode(
            {
                "secret": b32encode(self.bin_key).decode(),
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
            }
        )
        return f"otpauth://totp/{quote(label)}?{params}&issuer={quote(issuer)}"


#: Characters of a backup code: no 0/o, 1/l/i to misread from paper.
BACKUP_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
BACKUP_CODE_LENGTH = 10
BACKUP_CODE_COUNT = 10


def normalise_backup_code(typed: str) -> str:
    """``"ABCDE-FGHJK"`` and ``"abcde fghjk"`` are the same code."""
    return "".join(ch for ch in str(typed).lower() if ch.isalnum())


def backup_code_digest(code: str, secret: str | None = None) -> str:
    """What is stored of a backup code: a keyed hash, 16 hex characters (django-otp's column)."""
    return salted_hmac(
        "hjemtilos.accounts.backup_code", normalise_backup_code(code), secret=secret
    ).hexdigest()[:16]


class BackupCodeDevice(StaticDevice):
    """Single-use backup codes (django-otp static tokens) for a lost authenticator.

    django-otp stores static tokens as typed; these are stored as keyed
    hashes (``backup_code_digest``), so a copy of the database gives no codes.
    A code is used once: django-otp deletes the token it matched.
    """

    objects: ClassVar[models.Manager[BackupCodeDevice]]

    class Meta:
        proxy = True
        verbose_name = _("backup codes")
        verbose_name_plural = _("backup codes")

    def verify_token(self, token: Any) -> bool:
        for secret in [None, *map(str, settings.SECRET_KEY_FALLBACKS)]:
            digest = backup_code_digest(str(token), secret=secret)
            if self.token_set.filter(token=digest).exists():
                return bool(super().verify_token(digest))
        return bool(super().verify_token(backup_code_digest(str(token))))
