"""Writes the foundation offers every app: the event row of a lifecycle step."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from hjemtilos.core.models import StatusEvent

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User

E = TypeVar("E", bound=StatusEvent)


def status_event_record(
    model: type[E],
    *,
    by: User | None,
    to_status: str,
    from_status: str = "",
    at: datetime | None = None,
    **fields: Any,
) -> E:
    """Write one step of an object's lifecycle (``fields`` holds the object and the rest).

    The transition services call it after their ``Workflow`` allowed the move,
    inside their transaction. The row is validated like any other write; its
    foreign keys are the caller's loaded objects, so they are not looked up again.
    """
    event = model(by=by, from_status=from_status, to_status=to_status, **fields)
    if at is not None:
        event.at = at
    event.full_clean(
        exclude=[f.name for f in model._meta.concrete_fields if f.is_relation],
        validate_unique=False,
        validate_constraints=False,
    )
    event.save()
    return event
