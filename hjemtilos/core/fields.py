"""Model fields shared by every app: bounded and encrypted text, and keys to a user."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, overload

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Combinable, Expression
from django.utils.functional import cached_property

from hjemtilos.core import crypto

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from hjemtilos.accounts.models import User

# About three pages of typed text: room for any real note, not for a pasted file.
TEXT_MAX_LENGTH = 5000


class LimitedTextField(models.TextField[str | Combinable, str]):
    """Free text with a maximum length that the model itself enforces.

    Django's ``TextField`` passes ``max_length`` to the form only; this field
    also validates it in ``full_clean`` (which every service calls), so no
    path (page, API, import) stores more. Without ``max_length`` it is
    ``TEXT_MAX_LENGTH``, which migrations leave out like any default.
    """

    def __init__(self, *args: Any, max_length: int | None = None, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length or TEXT_MAX_LENGTH
        super().__init__(*args, **kwargs)

    @cached_property
    def validators(self) -> list[Any]:
        return [*super().validators, MaxLengthValidator(self.max_length)]

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == TEXT_MAX_LENGTH:
            del kwargs["max_length"]
        return name, path, args, kwargs


class EncryptedTextField(LimitedTextField):
    """Free text that is encrypted at rest (needs, diagnoses, concerns).

    The database holds only the Fernet token, so the column cannot be
    searched, ordered or filtered on: use it for text that is read, never
    queried. The audit log records that such a field changed, never its value
    (see ``hjemtilos.privacy.audit``).
    """

    description = "Text encrypted at rest"
    encrypted = True

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return crypto.encrypt(str(value))

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None:
            return None
        return crypto.decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # Only null checks make sense on ciphertext; anything else would
        # silently compare against a random token.
        if lookup_name != "isnull":
            raise NotImplementedError(f"EncryptedTextField does not support '{lookup_name}'")
        return super().get_lookup(lookup_name)


def _user_key(
    on_delete: Callable[..., None], *, null: bool, blank: bool, verbose_name: StrOrPromise | None
) -> models.ForeignKey[Any, Any]:
    # No reverse accessor on ``User`` for either policy: a user's page never
    # lists every row that names them, and ``User`` stays free of dozens of
    # ``*_set`` managers.
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        null=null,
        blank=blank,
        related_name="+",
        verbose_name=verbose_name,
    )


def actor_field(
    verbose_name: StrOrPromise | None = None, *, blank: bool = True
) -> models.ForeignKey[User | Combinable | None, User | None]:
    """The user who took a step on a record (``recorded_by``, ``cancelled_by``, an event's ``by``).

    One policy for every "who did this": the row outlives the user's account
    (the key becomes NULL when the user is deleted), and ``User`` gets no
    reverse accessor (``related_name="+"``): nothing asks a user for every row
    they touched. ``blank=False`` keeps the field required in forms and
    ``full_clean`` where a model declared it so. It deconstructs exactly like
    the ``ForeignKey`` written out, so using it changes no migration.

    People a record is *assigned* to (a contact person, an interviewer, the
    staff member at a first meeting) are not actors: they keep their own
    foreign key, which may want a reverse accessor.
    """
    return _user_key(models.SET_NULL, null=True, blank=blank, verbose_name=verbose_name)


@overload
def accountable_field(
    verbose_name: StrOrPromise | None = None, *, optional: Literal[False] = False
) -> models.ForeignKey[User | Combinable, User]: ...


@overload
def accountable_field(
    verbose_name: StrOrPromise | None = None, *, optional: Literal[True]
) -> models.ForeignKey[User | Combinable | None, User | None]: ...


def accountable_field(
    verbose_name: StrOrPromise | None = None, *, optional: bool = False
) -> models.ForeignKey[Any, Any]:
    """The user who answers for a decision (a concern's assessment, a retention change).

    Unlike ``actor_field`` the account cannot be deleted while such a row
    names it (``PROTECT``): the decision must keep its author for as long as
    the record is kept, so the account is deactivated instead. ``optional``
    allows the row to exist before anyone decided (``null`` and ``blank``).
    No reverse accessor on ``User``. Deconstructs like the ``ForeignKey``
    written out, so using it changes no migration.
    """
    return _user_key(models.PROTECT, null=optional, blank=optional, verbose_name=verbose_name)


def own_account_field(
    related_name: str,
) -> models.OneToOneField[User | Combinable | None, User | None]:
    """A person's own account, once they are invited to a portal (``InvitablePerson.user``).

    Empty until the invitation; the person's record outlives the account (the
    key becomes NULL when the account is deleted). ``related_name`` is how the
    account finds its person (``user.guardian``). Deconstructs like the
    ``OneToOneField`` written out, so using it changes no migration.
    """
    return models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )
