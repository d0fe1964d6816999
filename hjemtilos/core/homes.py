"""The role home pages: each role's page content comes from the app that owns its data.

``core`` sits below every case app, so it cannot read referrals or
friendships itself. Instead each app registers a *home provider* for the
roles whose home page it owns, in its ``AppConfig.ready``::

    register_home("staff", staff_home)

A provider takes the request (its user is signed in) and returns the context of
the template ``core/home_<role>.html``; a provider that shows a person's record
records the read as any page does (``privacy.audit.audit_read``). Each page
answers the first question its role comes with (staff: what needs me today at
my sites; a caseworker: where are my referrals; a volunteer or parent: when is
the next visit and whom do I call), in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from hjemtilos.core.http import AuthenticatedHttpRequest

HomeProvider = Callable[["AuthenticatedHttpRequest"], dict[str, Any]]

_PROVIDERS: dict[str, HomeProvider] = {}


def register_home(role: str, provider: HomeProvider) -> None:
    """Make ``provider`` the home page content of ``role`` (a ``Role`` value)."""
    registered = _PROVIDERS.get(role)
    if registered is not None and registered is not provider:
        raise ImproperlyConfigured(f"The home page of {role!r} is already provided.")
    _PROVIDERS[role] = provider


def home_provider(role: str) -> HomeProvider:
    """The provider registered for ``role``; a role without one is a configuration error."""
    try:
        return _PROVIDERS[role]
    except KeyError:
        raise ImproperlyConfigured(f"No home page is registered for the role {role!r}.") from None


def registered_home_roles() -> set[str]:
    return set(_PROVIDERS)
