"""Reads for accounts."""

from __future__ import annotations

import base64

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemtilos.accounts.models import Invitation, User


def totp_secret_base32(device: TOTPDevice) -> str:
    """The device's secret as typed into an authenticator app by hand."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def invitations_sent_by(user: User, limit: int = 50) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(invited_by=user)
        .select_related("user")
        .order_by("-created_at")[:limit]
    )
