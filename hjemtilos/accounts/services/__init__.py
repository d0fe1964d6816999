"""Writes for accounts, one module per part.

``invitations``: inviting people and accepting an invitation; ``second_factor``:
the authenticator app, backup codes and an administrator's reset;
``administration``: what an administrator does to accounts (deactivate,
reactivate, change a role, with a second administrator for a change to
administrator), each with its reason; ``passwords``: changing and resetting
one's own password; ``events``: the accounts' audit trail they all write.
"""

from hjemtilos.accounts.services.administration import (
    role_change_confirm,
    role_change_refuse,
    user_deactivate,
    user_reactivate,
    user_role_change,
)
from hjemtilos.accounts.services.events import account_event_record
from hjemtilos.accounts.services.invitations import (
    invitation_accept,
    invitation_get_usable,
    portal_invite,
    user_invite,
    user_reinvite,
)
from hjemtilos.accounts.services.passwords import (
    password_reset_address_allowed,
    password_reset_link,
    password_reset_request,
    password_set,
    throttle_hit,
    throttle_prune,
    user_for_password_reset,
)
from hjemtilos.accounts.services.second_factor import (
    authenticator_confirm,
    authenticator_get_or_create_unconfirmed,
    backup_code_verify,
    backup_codes_create,
    backup_codes_left,
    second_factor_reset,
    sessions_end,
)

__all__ = [
    "account_event_record",
    "authenticator_confirm",
    "authenticator_get_or_create_unconfirmed",
    "backup_code_verify",
    "backup_codes_create",
    "backup_codes_left",
    "invitation_accept",
    "invitation_get_usable",
    "password_reset_address_allowed",
    "password_reset_link",
    "password_reset_request",
    "password_set",
    "portal_invite",
    "role_change_confirm",
    "role_change_refuse",
    "second_factor_reset",
    "sessions_end",
    "throttle_hit",
    "throttle_prune",
    "user_deactivate",
    "user_for_password_reset",
    "user_invite",
    "user_reactivate",
    "user_reinvite",
    "user_role_change",
]
