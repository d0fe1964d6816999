"""The personal survey link: a signed, expiring token naming one invitation (ADR 0054).

The token is ``<invitation pk>-<link key>`` signed with Django's
``TimestampSigner`` (the project's secret key, a salt of its own), so it cannot
be guessed or altered, and it carries the time it was made: a link older than
the answer window is refused even before the invitation is read. The link key
is stored on the invitation; reopening an invitation gives it a new one, so an
older link stops working.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from hjemtilos.core.links import public_url
from hjemtilos.surveys.models import SurveyInvitation

SALT = "hjemtilos.surveys.invitation"
#: How long a link can be answered after it was sent (or after a reminder re-sent it).
ANSWER_WINDOW = timedelta(days=28)


def _signer() -> signing.TimestampSigner:
    # "." is outside the URL-safe base64 alphabet, so the token needs no escaping.
    return signing.TimestampSigner(salt=SALT, sep=".")


def invitation_token(invitation: SurveyInvitation) -> str:
    return _signer().sign(f"{invitation.pk}-{invitation.link_key}")


def invitation_url(invitation: SurveyInvitation) -> str:
    """The absolute link sent to the respondent."""
    return public_url("surveys:answer", invitation_token(invitation))


class RefusedLinkError(Exception):
    """The token is not ours (``expired`` False) or has outlived the answer window."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def invitation_for_token(token: str) -> SurveyInvitation:
    """The invitation a link names, with its survey, version and friendship's site.

    Raises ``RefusedLinkError`` for a forged, mangled, replaced or too old link. The
    caller decides what the invitation's status allows.
    """
    try:
        value = _signer().unsign(token, max_age=ANSWER_WINDOW)
    except signing.SignatureExpired as error:
        raise RefusedLinkError(expired=True) from error
    except signing.BadSignature as error:
        raise RefusedLinkError(expired=False) from error
    pk, _sep, link_key = value.partition("-")
    invitation = (
        SurveyInvitation.objects.select_related(
            "survey", "version", "site", "friendship__child", "guardian__user", "member__user"
        )
        .filter(pk=int(pk) if pk.isdigit() else 0, link_key=link_key)
        .first()
    )
    if invitation is None:
        raise RefusedLinkError(expired=False)
    return invitation
