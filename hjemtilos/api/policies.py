"""Who may see and do what through the API, built from ``accounts.policies``."""

from __future__ import annotations

from django.db.models import QuerySet

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import can_manage_api_tokens, has_role
from hjemtilos.organisations.models import Site
from hjemtilos.organisations.selectors import site_ids_for_staff


def can_list_sites(user: User) -> bool:
    return has_role(user, Role.STAFF, Role.ADVISORY, Role.ADMINISTRATOR, Role.EVALUATOR)


def can_see_site_details(user: User) -> bool:
    """Age band, supervision and travel settings: the staff side, not evaluators."""
    return has_role(user, Role.STAFF, Role.ADVISORY, Role.ADMINISTRATOR)


def visible_sites(user: User) -> QuerySet[Site]:
    """Staff see the sites they belong to; advisory, administrators and evaluators see all."""
    sites = Site.objects.select_related("municipality").order_by("name")
    if has_role(user, Role.ADVISORY, Role.ADMINISTRATOR, Role.EVALUATOR):
        return sites
    if has_role(user, Role.STAFF):
        return sites.filter(pk__in=site_ids_for_staff(user))
    return sites.none()


def can_create_api_token(user: User, *, with_api_token: bool) -> bool:
    """A key is made by a person in a verified browser session, never by another key.

    Otherwise a leaked key could be used to mint fresh keys that outlive its revocation.
    """
    return not with_api_token and can_manage_api_tokens(user)


def shows_api_keys_in_menu(user: User) -> bool:
    """Everyone may hold keys (the page is open to all); the menu offers it to the
    roles that run integrations, so volunteers and parents are not puzzled by it."""
    return has_role(user, Role.STAFF, Role.ADMINISTRATOR)
