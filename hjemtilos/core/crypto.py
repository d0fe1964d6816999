"""Encryption of sensitive text at rest.

Uses Fernet (AES-128-CBC + HMAC-SHA256) from ``cryptography`` through
``MultiFernet`` so keys can be rotated: the first key in
``settings.FIELD_ENCRYPTION_KEYS`` encrypts, every key decrypts, and
``manage.py rotate_encryption_keys`` re-encrypts stored rows with the first.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "decrypt", "encrypt", "multi_fernet", "reencrypt"]


@lru_cache(maxsize=4)
def _build(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must hold at least one key")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be url-safe base64 Fernet keys "
            "(make one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')"
        ) from exc


def multi_fernet() -> MultiFernet:
    """The cipher for the keys configured right now (cached per key set)."""
    return _build(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return multi_fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    return multi_fernet().decrypt(token.encode("ascii")).decode("utf-8")


def reencrypt(token: str) -> str:
    """Re-encrypt a stored token with the current (first) key."""
    return multi_fernet().rotate(token.encode("ascii")).decode("ascii")
