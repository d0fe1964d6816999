"""The consents' wordings, and what withdrawing each one does in the app that owns it.

A consent's effect lives in the app that owns the record it changes: the
referral's sharing consent in ``referrals`` (the referral goes on hold, staff
get a task), a book's photo consent in ``matching`` (the photo is deleted).
Those apps register the effect here from ``AppConfig.ready()``;
``services.consent_withdraw`` runs it in the same transaction, so the effect
is applied at once. SMS needs no effect: ``messaging`` asks
``selectors.sms_refused_keys`` before every SMS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hjemtilos.privacy.models import ConsentKind

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User
    from hjemtilos.privacy.models import Consent

#: The current wording of each consent, by version. A changed wording gets a
#: new version here; a consent keeps the version it was given on.
WORDINGS: dict[str, tuple[str, str | Promise]] = {
    ConsentKind.REFERRAL: (
        "2024-05",
        _("The parent consents to the referral to Hjem til Os."),
    ),
    ConsentKind.SHARING: (
        "2024-05",
        _(
            "The parent consents to the charity sharing the necessary information about the "
            "child with a volunteer family."
        ),
    ),
    ConsentKind.BOOK_PHOTO: (
        "2024-05",
        _("The parent consents to a photo of the child in the friendship book."),
    ),
    ConsentKind.GREETING_PHOTOS: (
        "2024-05",
        _("The parent consents to the volunteer family sending photos of the child in greetings."),
    ),
    ConsentKind.SURVEY: (
        "2024-05",
        _("I agree to take part in the evaluation's survey."),
    ),
    ConsentKind.SMS: (
        "2026-11",
        _("I agree to receive reminders and messages from Hjem til Os by SMS."),
    ),
}

WithdrawalEffect = Callable[["Consent", "User | None"], None]

_EFFECTS: dict[str, WithdrawalEffect] = {}


def current_wording(kind: str) -> tuple[str, str | Promise]:
    return WORDINGS[kind]


def register_withdrawal(kind: str, effect: WithdrawalEffect) -> None:
    """What withdrawing a consent of ``kind`` does to the owning app's records."""
    _EFFECTS[kind] = effect


def withdrawal_effect(kind: str) -> WithdrawalEffect | None:
    return _EFFECTS.get(kind)
