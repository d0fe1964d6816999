"""Danish phone numbers: one normal form (+45 and eight digits) for SMS and storage."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-().]")


def normalise_phone_number(value: str) -> str:
    """``"22 33 44 55"``, ``"+45 2233 4455"`` or ``"0045 22334455"`` → ``"+4522334455"``.

    Raises ``ValidationError`` with a message for the user for anything else.
    """
    digits = _SEPARATORS.sub("", value or "")
    if digits.startswith("+45"):
        digits = digits[3:]
    elif digits.startswith("0045"):
        digits = digits[4:]
    if not re.fullmatch(r"[2-9]\d{7}", digits):
        raise ValidationError(
            _("Enter a Danish phone number with 8 digits, e.g. 22 33 44 55 or +45 22 33 44 55."),
            code="invalid_phone",
        )
    return "+45" + digits
