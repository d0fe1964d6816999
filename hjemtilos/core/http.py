"""The edge where a request's user gets its type.

Django gives every request a ``User`` or an ``AnonymousUser``. Past this
module nothing sees an ``AnonymousUser``: views behind login (the default,
``LoginRequiredMiddleware``) annotate their request as
``AuthenticatedHttpRequest``, and public views, middleware and API
authentication ask ``user_or_none`` once. Services and policies take a
``User`` (or ``User | None`` where a system job acts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    # Only the type: core sits below accounts.
    from hjemtilos.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request that reached a view behind login: its user is signed in.

    The annotation django-stubs documents for such views; no instance of this
    class is ever made (Django hands the view its ordinary ``HttpRequest``).
    """

    user: User


def user_or_none(request: HttpRequest) -> User | None:
    """The signed-in user, or ``None`` for an anonymous visitor."""
    user = request.user
    return user if user.is_authenticated else None
