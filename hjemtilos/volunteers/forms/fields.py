"""Form fields shared by the application and the portal."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hjemtilos.referrals.forms import PostalCodeField as _PostalCodeField


class PostalCodeField(_PostalCodeField):
    """The register lookup of ``referrals.forms``, with the volunteers' own wording.

    The families type their own postal code here, on a public page, so the
    message speaks to them (and lives in this app's catalogue).
    """

    def clean(self, value: Any) -> Any:
        try:
            return super().clean(value)
        except ValidationError as error:
            if getattr(error, "code", "") == "unknown_postal_code":
                raise ValidationError(
                    _("%(code)s is not a Danish postal code. Check the four digits."),
                    code="unknown_postal_code",
                    params={"code": (value or "").strip()},
                ) from error
            raise
